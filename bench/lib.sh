# Shared by the bench/*.sh scripts: a throwaway stack with a pgbench database of realistic entropy,
# a migrated catalog and a running worker; timing and result helpers.
# shellcheck source=../scripts/lib/stack.sh
. "$STACK_ROOT/scripts/lib/stack.sh"

STACK_DIR="$STACK_ROOT/bench/work"
PG_PORT="${BENCH_PG_PORT:-54339}"; TEMPORAL_PORT="${BENCH_TEMPORAL_PORT:-17243}"; UI_PORT="${BENCH_UI_PORT:-18243}"
STACK_PG_OPTS="-c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=30min"

bench_setup() {
  local scale="$1" temporal_bin
  temporal_bin="$("$STACK_ROOT/scripts/install-prereqs")"
  (cd "$STACK_ROOT" && ./mvnw -B -q -ntp package -DskipTests)
  trap stack_stop EXIT
  stack_stop
  mkdir -p "$STACK_DIR"
  stack_start_pg
  stack_psql -d postgres -c "CREATE DATABASE app" -c "CREATE DATABASE pgdrill"
  echo "==> pgbench -i -s $scale, then realistic entropy in pgbench_accounts.filler"
  PGPASSWORD="$STACK_PG_PASSWORD" "$(stack_pg_bindir)/pgbench" -i -q -s "$scale" -h 127.0.0.1 -p "$PG_PORT" -U postgres app >/dev/null 2>&1
  # Stock pgbench filler is blanks and compresses ~37:1, which flatters every compressor.
  stack_psql -d app -c "UPDATE pgbench_accounts SET filler = left(md5(random()::text)||md5(random()::text)||md5(random()::text), 84)"
  stack_psql -d app -c "VACUUM FULL ANALYZE pgbench_accounts"
  BENCH_DB_SIZE=$(stack_psql -d app -At -c "SELECT pg_size_pretty(pg_database_size('app'))")
  stack_start_temporal "$temporal_bin"
  stack_write_config
  stack_await_temporal
  "$STACK_ROOT/bin/pgdrill" doctor --config "$STACK_DIR/pgdrill.yaml" --migrate >/dev/null || true
  stack_start_worker
}

# elapsed START END → seconds with two decimals
elapsed() { awk -v a="$2" -v b="$1" 'BEGIN {printf "%.2f", a - b}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
json_field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d'"$1"')'; }

bench_machine() {
  local cpu; cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
  echo "Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; PostgreSQL $(stack_psql -d app -At -c 'SHOW server_version' | cut -d' ' -f1)."
}
