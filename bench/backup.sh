#!/usr/bin/env bash
# Benchmark: `pgdrill backup run --wait` (pg_dump + same-snapshot manifest with per-row checksums +
# SHA-256 of every file + catalog) against a raw `pg_dump -Fd -j2` of the same database, in one run,
# alternating which goes first. Appends medians and the ratio to bench/RESULTS.md with machine and date.
#   bench/backup.sh [SCALE=50] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
STACK_ROOT="$(pwd)"
scale="${1:-50}"; runs="${2:-3}"
# shellcheck source=lib.sh
. bench/lib.sh
bench_setup "$scale"

raw_times=(); ours_times=(); sizes=()
raw() {
  rm -rf "$STACK_DIR/raw"
  local t0; t0=$(date +%s.%N)
  PGPASSWORD="$STACK_PG_PASSWORD" pg_dump -Fd -j2 -h 127.0.0.1 -p "$PG_PORT" -U postgres -f "$STACK_DIR/raw" app
  raw_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  rm -rf "$STACK_DIR/raw"
}
ours() {
  local t0 out; t0=$(date +%s.%N)
  out=$(bin/pgdrill backup run --wait --json --config "$STACK_DIR/pgdrill.yaml")
  ours_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  sizes+=("$(json_field '["sizeBytes"]' <<<"$out")")
}
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) = 1 ]; then raw; ours; else ours; raw; fi
  echo "run $i: raw ${raw_times[-1]} s, pgdrill ${ours_times[-1]} s"
done
m_raw=$(median "${raw_times[@]}"); m_ours=$(median "${ours_times[@]}")
{
  echo
  echo "## backup — $(date -u +%Y-%m-%d), scale $scale ($BENCH_DB_SIZE), $runs runs"
  bench_machine
  echo
  echo "| what | median (s) | runs (s) |"
  echo "|---|---|---|"
  echo "| raw \`pg_dump -Fd -j2\` | $m_raw | ${raw_times[*]} |"
  echo "| \`pgdrill backup run --wait\` (jobs 2, manifest + SHA-256 + catalog) | $m_ours | ${ours_times[*]} |"
  echo
  echo "Ratio pgdrill / raw: **$(ratio "$m_ours" "$m_raw")** (goal ≤ 1.15). Backup size: $(numfmt --to=iec "${sizes[0]}")."
} | tee -a bench/RESULTS.md
