#!/usr/bin/env bash
# Benchmark: a raw `createdb` + `pg_restore -j2` of a backup against `pgdrill drill run --backup ID --wait`
# (file checksums + sandbox + pg_restore + the whole verification suite incl. pg_amcheck + record +
# teardown), in one run, alternating which goes first. Also compares pgdrill's own restore step (its
# measured RTO) with the raw pg_restore using the same flags. Appends to bench/RESULTS.md.
#   bench/drill.sh [SCALE=50] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
STACK_ROOT="$(pwd)"
scale="${1:-50}"; runs="${2:-3}"
# shellcheck source=lib.sh
. bench/lib.sh
bench_setup "$scale"

backup=$(bin/pgdrill backup run --wait --json --config "$STACK_DIR/pgdrill.yaml" | json_field '["backupId"]')
dump="$STACK_DIR/repo/production/$backup/dump"
raw_times=(); drill_times=(); rto_times=()
raw() {
  local t0; t0=$(date +%s.%N)
  stack_psql -d postgres -c "DROP DATABASE IF EXISTS bench_raw" -c "CREATE DATABASE bench_raw TEMPLATE template0"
  PGPASSWORD="$STACK_PG_PASSWORD" pg_restore -j2 --no-owner --no-privileges -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench_raw "$dump"
  raw_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  stack_psql -d postgres -c "DROP DATABASE bench_raw"
}
ours() {
  local t0 out; t0=$(date +%s.%N)
  out=$(bin/pgdrill drill run --backup "$backup" --wait --json --config "$STACK_DIR/pgdrill.yaml")
  drill_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  rto_times+=("$(json_field '["restoreMs"]/1000' <<<"$out")")
  [ "$(json_field '["verdict"]' <<<"$out")" = PASS ] || { echo "drill did not pass: $out" >&2; exit 1; }
}
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) = 1 ]; then raw; ours; else ours; raw; fi
  echo "run $i: raw restore ${raw_times[-1]} s, pgdrill drill ${drill_times[-1]} s (its restore step ${rto_times[-1]} s)"
done
m_raw=$(median "${raw_times[@]}"); m_drill=$(median "${drill_times[@]}"); m_rto=$(median "${rto_times[@]}")
{
  echo
  echo "## drill — $(date -u +%Y-%m-%d), scale $scale ($BENCH_DB_SIZE), $runs runs"
  bench_machine
  echo
  echo "| what | median (s) | runs (s) |"
  echo "|---|---|---|"
  echo "| raw \`createdb\` + \`pg_restore -j2 --no-owner --no-privileges\` | $m_raw | ${raw_times[*]} |"
  echo "| pgdrill's restore step (the RTO it records) | $m_rto | ${rto_times[*]} |"
  echo "| \`pgdrill drill run --wait\` (checksums, restore, full verification incl. pg_amcheck, teardown) | $m_drill | ${drill_times[*]} |"
  echo
  echo "Restore step / raw: **$(ratio "$m_rto" "$m_raw")** (goal ≤ 1.05). Whole drill / raw: **$(ratio "$m_drill" "$m_raw")** (goal ≤ 1.5)."
} | tee -a bench/RESULTS.md
