#!/usr/bin/env bash
# Benchmark: `pgdrill backup run --wait` (pg_dump -Z0 + zstd, the default repository.compression, sealed
# while pg_dump runs + same-snapshot manifest with per-row checksums + SHA-256 of every file + catalog), and
# the same with client-side encryption (a second worker on its own task queue with
# repository.encryptionKey), against a raw `pg_dump -Fd -j2` at its default (gzip) compression of the same
# database, in one run, rotating which goes first. Reports the sizes of the zstd backup and the gzip dump.
# Appends medians and ratios to bench/RESULTS.md with machine, date and load average.
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

raw_times=(); ours_times=(); enc_times=(); sizes=(); raw_sizes=()
raw() {
  rm -rf "$STACK_DIR/raw"
  local t0; t0=$(date +%s.%N)
  PGPASSWORD="$STACK_PG_PASSWORD" pg_dump -Fd -j2 -h 127.0.0.1 -p "$PG_PORT" -U postgres -f "$STACK_DIR/raw" app
  raw_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  raw_sizes+=("$(du -sb "$STACK_DIR/raw" | cut -f1)")
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
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 "$runs"); do
  case $((i % 3)) in 1) raw; ours; enc ;; 2) ours; enc; raw ;; 0) enc; raw; ours ;; esac
  echo "run $i: raw ${raw_times[-1]} s, pgdrill ${ours_times[-1]} s, pgdrill encrypted ${enc_times[-1]} s"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$enc_worker" 2>/dev/null || true
m_raw=$(median "${raw_times[@]}"); m_ours=$(median "${ours_times[@]}"); m_enc=$(median "${enc_times[@]}")
m_size=$(median "${sizes[@]}"); m_raw_size=$(median "${raw_sizes[@]}")
{
  echo
  echo "## backup — $(date -u +%Y-%m-%d), scale $scale ($BENCH_DB_SIZE), $runs runs"
  bench_machine
  echo
  echo "| what | median (s) | runs (s) |"
  echo "|---|---|---|"
  echo "| raw \`pg_dump -Fd -j2\` (default compression: gzip) | $m_raw | ${raw_times[*]} |"
  echo "| \`pgdrill backup run --wait\` (jobs 2, zstd level 3 sealed while pg_dump runs, manifest + SHA-256 + catalog) | $m_ours | ${ours_times[*]} |"
  echo "| the same with \`repository.encryptionKey\` (zstd + AES-256-GCM in the same pass) | $m_enc | ${enc_times[*]} |"
  echo
  echo "Sizes: the gzip dump $(numfmt --to=iec "$m_raw_size") ($m_raw_size B), pgdrill's zstd backup $(numfmt --to=iec "$m_size") ($m_size B):" \
       "zstd / gzip **$(ratio "$m_size" "$m_raw_size")** (goal ≤ 1.1)."
  echo "Ratio pgdrill / raw: **$(ratio "$m_ours" "$m_raw")** (goal ≤ 0.4); encrypted / raw: **$(ratio "$m_enc" "$m_raw")** (goal ≤ 0.5);"
  echo "encryption's own cost: $(awk -v a="$m_enc" -v b="$m_ours" 'BEGIN {printf "%.2f", a - b}') s."
  echo "Load average (1, 5, 15 min) before the runs: $load_before; after: $load_after."
} | tee -a bench/RESULTS.md
