#!/usr/bin/env bash
# Benchmark: several small databases drilled by one worker. N databases (pgbench -i -s SCALE each, realistic
# entropy), backed up by `pgdrill backup run --all --wait`, then drilled by `pgdrill drill run --all --latest
# --wait` with fleet.maxConcurrent (default 4), against the same N drills one after another (the same fleet
# with maxConcurrent 1: 20 sequential drills through the same code, without 20 JVM starts), and the time for
# 5, 10 and 20 databases to show how it grows. Zero failures required. Appends to bench/RESULTS.md.
#   bench/fleet.sh [SCALE=2] [RUNS=3] [MAX_CONCURRENT=4]
# FLEET_SIZES="5 10 20" (the last is the database count); BENCH_RESULTS=FILE to write elsewhere (a trial run).
set -euo pipefail
cd "$(dirname "$0")/.."
STACK_ROOT="$(pwd)"
scale="${1:-2}"; runs="${2:-3}"; bound="${3:-4}"
read -r -a sizes <<<"${FLEET_SIZES:-5 10 20}"; count="${sizes[-1]}"; results="${BENCH_RESULTS:-bench/RESULTS.md}"
# Its own ports, so it can run next to the other bench scripts.
export BENCH_PG_PORT="${BENCH_PG_PORT:-54349}" BENCH_TEMPORAL_PORT="${BENCH_TEMPORAL_PORT:-17253}"
export BENCH_UI_PORT="${BENCH_UI_PORT:-18253}"
# shellcheck source=lib.sh
. bench/lib.sh
STACK_DIR="$STACK_ROOT/bench/work-fleet"

names=(); for i in $(seq 1 "$count"); do names+=("$(printf 'fleet%02d' "$i")"); done
join() { local IFS=,; echo "$*" | sed 's/,/, /g'; }

temporal_bin="$("$STACK_ROOT/scripts/install-prereqs")"
(cd "$STACK_ROOT" && ./mvnw -B -q -ntp package -DskipTests)
trap stack_stop EXIT
stack_stop
mkdir -p "$STACK_DIR"
stack_start_pg
stack_psql -d postgres -c "CREATE DATABASE app" -c "CREATE DATABASE pgdrill"
echo "==> $count databases: pgbench -i -s $scale each, then realistic entropy in pgbench_accounts.filler"
for db in "${names[@]}"; do
  stack_psql -d postgres -c "CREATE DATABASE $db"
  PGPASSWORD="$STACK_PG_PASSWORD" "$(stack_pg_bindir)/pgbench" -i -q -s "$scale" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db" >/dev/null 2>&1
  stack_psql -d "$db" -c "UPDATE pgbench_accounts SET filler = left(md5(random()::text)||md5(random()::text)||md5(random()::text), 84)" \
    -c "VACUUM FULL ANALYZE pgbench_accounts"
done
db_size=$(stack_psql -d postgres -At -c "SELECT pg_size_pretty(pg_database_size('${names[0]}'))")
stack_start_temporal "$temporal_bin"
stack_write_config
# Every database a production profile; the CLI's copies differ only in drill.databases and fleet.maxConcurrent,
# which travel in the fleet's request (the worker reads profiles only).
pw='"${STACK_PG_PASSWORD}"'
profiles=""; for db in "${names[@]}"; do
  profiles+="  $db: { role: production, host: 127.0.0.1, port: $PG_PORT, database: $db, user: postgres, password: $pw }\n"
done
base="$STACK_DIR/pgdrill.yaml"
sed -i -e "s|^databases:$|databases:\n${profiles%\\n}|" \
  -e "s|^backup: { database: production,|backup: { databases: [$(join "${names[@]}")],|" "$base"
variant() { # variant FILE N BOUND
  sed -e "s|^drill: { target: sandbox,|drill: { target: sandbox, databases: [$(join "${names[@]:0:$2}")],|" \
    -e '/^fleet:/d' "$base" > "$1"
  echo "fleet: { maxConcurrent: $3 }" >> "$1"
}
echo "fleet: { maxConcurrent: $bound }" >> "$base"
stack_await_temporal
bin/pgdrill doctor --config "$base" --migrate >/dev/null || true
stack_start_worker

echo "==> backup run --all ($count databases, $bound at a time)"
t0=$(date +%s.%N)
out=$(bin/pgdrill backup run --all --wait --json --config "$base")
backup_s=$(elapsed "$t0" "$(date +%s.%N)")
[ "$(json_field '["failed"]' <<<"$out")" = 0 ] || { echo "backups failed: $out" >&2; exit 1; }

fleet_drill() { # fleet_drill CONFIG → seconds; failed drills are added up in $STACK_DIR/failed
  local t0 out f; t0=$(date +%s.%N)
  out=$(bin/pgdrill drill run --all --latest --wait --json --config "$1" || true)
  f=$(json_field '["failed"]' <<<"$out" || echo "?")
  [ "$f" = 0 ] || echo "drills failed: $out" >&2
  echo "$f" >> "$STACK_DIR/failed"
  elapsed "$t0" "$(date +%s.%N)"
}
declare -A times
for n in "${sizes[@]}"; do variant "$STACK_DIR/fleet-$n.yaml" "$n" "$bound"; done
variant "$STACK_DIR/fleet-seq.yaml" "$count" 1
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 "$runs"); do
  # Alternate which goes first, so a load that changes over the run falls on both.
  if [ $((i % 2)) = 1 ]; then order=(seq "${sizes[@]}"); else order=("${sizes[@]}" seq); fi
  for what in "${order[@]}"; do
    t=$(fleet_drill "$STACK_DIR/fleet-$what.yaml")
    times[$what]="${times[$what]:-} $t"
    echo "run $i: $what databases: $t s"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
failures=$(awk '$1 == "?" {bad = 1} {n += $1} END {print bad ? "unknown (a run did not answer)" : n}' "$STACK_DIR/failed")
# shellcheck disable=SC2086
m_seq=$(median ${times[seq]})
{
  echo
  echo "## fleet — $(date -u '+%Y-%m-%d %H:%M') UTC, $count databases of pgbench scale $scale ($db_size each), $runs runs"
  bench_machine
  echo
  echo "One worker (the SDK's default slots), \`fleet.maxConcurrent: $bound\`. \`backup run --all --wait\` of the"
  echo "$count databases: $backup_s s. Failed drills over every run: **$failures**."
  echo
  echo "| \`drill run --all --latest --wait\` | median (s) | runs (s) | per database (s) |"
  echo "|---|---|---|---|"
  for n in "${sizes[@]}"; do
    # shellcheck disable=SC2086
    m=$(median ${times[$n]})
    echo "| $n databases, $bound at a time | $m | ${times[$n]# } | $(ratio "$m" "$n") |"
  done
  echo "| $count databases one after another (maxConcurrent 1: the sum of $count sequential drills) | $m_seq | ${times[seq]# } | $(ratio "$m_seq" "$count") |"
  echo
  # shellcheck disable=SC2086
  m20=$(median ${times[$count]})
  echo "$count databases, $bound at a time / the same $count one after another: **$(ratio "$m20" "$m_seq")**."
  echo "Load average (1, 5, 15 min) before the runs: $load_before; after: $load_after."
} | tee -a "$results"
[ "$failures" = 0 ] || { echo "drills failed: $failures" >&2; exit 1; }
