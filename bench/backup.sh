#!/usr/bin/env bash
# Benchmark: `pgdrill backup run --wait` (pg_dump + same-snapshot manifest with per-row checksums +
# SHA-256 of every file + catalog) against a raw `pg_dump -Fd -j2` of the same database, in one run,
# alternating which goes first. Appends medians and the ratio to bench/RESULTS.md with machine and date.
#   bench/backup.sh [SCALE=50] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
STACK_ROOT="$(pwd)"
scale="${1:-50}"; runs="${2:-3}"
STACK_DIR="$STACK_ROOT/bench/work"
PG_PORT="${BENCH_PG_PORT:-54339}"; TEMPORAL_PORT="${BENCH_TEMPORAL_PORT:-17243}"; UI_PORT="${BENCH_UI_PORT:-18243}"
STACK_PG_OPTS="-c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=30min"
# shellcheck source=../scripts/lib/stack.sh
. scripts/lib/stack.sh

temporal_bin="$(scripts/install-prereqs)"
./mvnw -B -q -ntp package -DskipTests
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
db_size=$(stack_psql -d app -At -c "SELECT pg_size_pretty(pg_database_size('app'))")
stack_start_temporal "$temporal_bin"
stack_write_config
stack_await_temporal
"$STACK_ROOT/bin/pgdrill" doctor --config "$STACK_DIR/pgdrill.yaml" --migrate >/dev/null || true
stack_start_worker

raw_times=(); drill_times=(); sizes=()
raw() {
  rm -rf "$STACK_DIR/raw"
  local t0 t1; t0=$(date +%s.%N)
  PGPASSWORD="$STACK_PG_PASSWORD" pg_dump -Fd -j2 -h 127.0.0.1 -p "$PG_PORT" -U postgres -f "$STACK_DIR/raw" app
  t1=$(date +%s.%N); raw_times+=("$(awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.2f", a - b}')")
  rm -rf "$STACK_DIR/raw"
}
ours() {
  local t0 t1 out; t0=$(date +%s.%N)
  out=$("$STACK_ROOT/bin/pgdrill" backup run --wait --json --config "$STACK_DIR/pgdrill.yaml")
  t1=$(date +%s.%N); drill_times+=("$(awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.2f", a - b}')")
  sizes+=("$(python3 -c 'import json,sys; print(json.load(sys.stdin)["sizeBytes"])' <<<"$out")")
}
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) = 1 ]; then raw; ours; else ours; raw; fi
  echo "run $i: raw ${raw_times[-1]} s, pgdrill ${drill_times[-1]} s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_raw=$(median "${raw_times[@]}"); m_ours=$(median "${drill_times[@]}")
ratio=$(awk -v a="$m_ours" -v b="$m_raw" 'BEGIN {printf "%.3f", a / b}')
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo
  echo "## backup — $(date -u +%Y-%m-%d), scale $scale ($db_size), $runs runs"
  echo "Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; PostgreSQL $(stack_psql -d app -At -c 'SHOW server_version' | cut -d' ' -f1)."
  echo
  echo "| what | median (s) | runs (s) |"
  echo "|---|---|---|"
  echo "| raw \`pg_dump -Fd -j2\` | $m_raw | ${raw_times[*]} |"
  echo "| \`pgdrill backup run --wait\` (jobs 2, manifest + SHA-256 + catalog) | $m_ours | ${drill_times[*]} |"
  echo
  echo "Ratio pgdrill / raw: **$ratio** (goal ≤ 1.15). Backup size: $(numfmt --to=iec "${sizes[0]}")."
} | tee -a bench/RESULTS.md
