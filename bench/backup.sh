#!/usr/bin/env bash
# Benchmark: `pgdrill backup run --wait` (pg_dump + same-snapshot manifest with per-row checksums +
# SHA-256 of every file + catalog), and the same with client-side encryption (a second worker on its own
# task queue with repository.encryptionKey), against a raw `pg_dump -Fd -j2` of the same database, in one
# run, rotating which goes first. Appends medians and ratios to bench/RESULTS.md with machine and date.
#   bench/backup.sh [SCALE=50] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
STACK_ROOT="$(pwd)"
scale="${1:-50}"; runs="${2:-3}"
# shellcheck source=lib.sh
. bench/lib.sh
bench_setup "$scale"
export BENCH_KEY="bench-key-$RANDOM$RANDOM"
sed -e 's/taskQueue: pgdrill/taskQueue: pgdrill-enc/' \
    -e 's|repository: { path: repo }|repository: { path: repo-enc, encryptionKey: "${BENCH_KEY}" }|' \
    "$STACK_DIR/pgdrill.yaml" > "$STACK_DIR/pgdrill-enc.yaml"
mkdir -p "$STACK_DIR/repo-enc"
bin/pgdrill-worker --config "$STACK_DIR/pgdrill-enc.yaml" >"$STACK_DIR/worker-enc.log" 2>&1 &
enc_worker=$!
for _ in $(seq 1 120); do grep -q "serving task queue" "$STACK_DIR/worker-enc.log" && break; sleep 0.5; done

raw_times=(); ours_times=(); enc_times=(); sizes=()
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
enc() {
  local t0; t0=$(date +%s.%N)
  bin/pgdrill backup run --wait --json --config "$STACK_DIR/pgdrill-enc.yaml" >/dev/null
  enc_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
}
for i in $(seq 1 "$runs"); do
  case $((i % 3)) in 1) raw; ours; enc ;; 2) ours; enc; raw ;; 0) enc; raw; ours ;; esac
  echo "run $i: raw ${raw_times[-1]} s, pgdrill ${ours_times[-1]} s, pgdrill encrypted ${enc_times[-1]} s"
done
kill "$enc_worker" 2>/dev/null || true
m_raw=$(median "${raw_times[@]}"); m_ours=$(median "${ours_times[@]}"); m_enc=$(median "${enc_times[@]}")
{
  echo
  echo "## backup — $(date -u +%Y-%m-%d), scale $scale ($BENCH_DB_SIZE), $runs runs"
  bench_machine
  echo
  echo "| what | median (s) | runs (s) |"
  echo "|---|---|---|"
  echo "| raw \`pg_dump -Fd -j2\` | $m_raw | ${raw_times[*]} |"
  echo "| \`pgdrill backup run --wait\` (jobs 2, manifest + SHA-256 + catalog) | $m_ours | ${ours_times[*]} |"
  echo "| the same with \`repository.encryptionKey\` (AES-256-GCM) | $m_enc | ${enc_times[*]} |"
  echo
  echo "Ratio pgdrill / raw: **$(ratio "$m_ours" "$m_raw")** (goal ≤ 1.15); encrypted / raw: **$(ratio "$m_enc" "$m_raw")**;"
  echo "encryption's own cost: $(awk -v a="$m_enc" -v b="$m_ours" 'BEGIN {printf "%.2f", a - b}') s on a $(numfmt --to=iec "${sizes[0]}") backup."
} | tee -a bench/RESULTS.md
