#!/usr/bin/env bash
# Benchmark: a raw `createdb` + `pg_restore -j2` of a raw `pg_dump -Fd -j2` (default gzip compression) of the
# same database against `pgdrill drill run --backup ID --wait` of pgdrill's zstd backup (file presence and sizes +
# sandbox + pg_restore reading named pipes that pgdrill fills as it decompresses and hashes each file + the whole
# verification suite incl. amcheck + record + teardown),
# in one run, alternating which goes first, each step after a checkpoint and a sync, after one untimed-apart
# first drill of the freshly started worker (reported on its own row). Also compares pgdrill's own restore step (its measured RTO)
# with the raw pg_restore using the same flags. Appends to bench/RESULTS.md.
# With BASELINE_REF (default empty: skipped; e.g. main) it also builds that commit from `git archive` into
# bench/work/baseline, runs its worker on its own task queue, catalog and repository next to this tree's,
# and compares the drill's verify step (the whole verification suite, amcheck included) of both on the
# same database, alternating which goes first.
#   bench/drill.sh [SCALE=50] [RUNS=3]          (scale 100 is about 1.5 GB)
set -euo pipefail
cd "$(dirname "$0")/.."
STACK_ROOT="$(pwd)"
scale="${1:-50}"; runs="${2:-3}"
# shellcheck source=lib.sh
. bench/lib.sh
bench_setup "$scale"

backup=$(bin/pgdrill backup run --wait --json --config "$STACK_DIR/pgdrill.yaml" | json_field '["backupId"]')
# the bare restore reads what pg_dump writes by default (gzip): pg_restore cannot read pgdrill's zstd files
dump="$STACK_DIR/raw-gzip"
rm -rf "$dump"
PGPASSWORD="$STACK_PG_PASSWORD" pg_dump -Fd -j2 -h 127.0.0.1 -p "$PG_PORT" -U postgres -f "$dump" app
raw_times=(); drill_times=(); rto_times=(); verify_times=(); base_verify_times=()
baseline_ref="${BASELINE_REF-}"
if [ -n "$baseline_ref" ]; then
  base_sha=$(git rev-parse --short "$baseline_ref")
  base_dir="$STACK_DIR/baseline"; base_cfg="$STACK_DIR/pgdrill-base.yaml"
  echo "==> building $baseline_ref ($base_sha) for the baseline"
  mkdir -p "$base_dir" "$STACK_DIR/repo-base"
  git archive "$baseline_ref" | tar -x -C "$base_dir"
  ./mvnw -B -q -ntp -f "$base_dir/pom.xml" package -DskipTests
  sed -e 's/taskQueue: pgdrill }/taskQueue: pgdrill-base }/' -e 's/database: pgdrill, user/database: pgdrill_base, user/' \
      -e 's|^repository: { path: repo }|repository: { path: repo-base }|' "$STACK_DIR/pgdrill.yaml" > "$base_cfg"
  stack_psql -d postgres -c "CREATE DATABASE pgdrill_base"
  "$base_dir/bin/pgdrill" doctor --config "$base_cfg" --migrate >/dev/null || true
  "$base_dir/bin/pgdrill-worker" --config "$base_cfg" >"$STACK_DIR/worker-base.log" 2>&1 &
  echo $! > "$STACK_DIR/worker-base.pid"
  trap 'kill "$(cat "$STACK_DIR/worker-base.pid")" 2>/dev/null || true; stack_stop' EXIT
  for _ in $(seq 1 120); do grep -q "serving task queue" "$STACK_DIR/worker-base.log" && break; sleep 0.5; done
  base_backup=$("$base_dir/bin/pgdrill" backup run --wait --json --config "$base_cfg" | json_field '["backupId"]')
fi
# Before each timed step: a checkpoint and a sync, so that no step pays for the writes of the one before it (the
# stack's set-up, a restore's 1.4 GB of data and WAL) through the checkpointer or the kernel's writeback; a
# drill's teardown (DROP DATABASE forces a checkpoint) would otherwise flush what the untimed drop of the raw
# restore's database left. The same for both sides.
quiet() {
  stack_psql -d postgres -c "CHECKPOINT" >/dev/null
  sync
}
raw() {
  local t0; quiet; t0=$(date +%s.%N)
  stack_psql -d postgres -c "DROP DATABASE IF EXISTS bench_raw" -c "CREATE DATABASE bench_raw TEMPLATE template0"
  PGPASSWORD="$STACK_PG_PASSWORD" pg_restore -j2 --no-owner --no-privileges -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench_raw "$dump"
  raw_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  stack_psql -d postgres -c "DROP DATABASE bench_raw"
}
ours() {
  local t0 out; quiet; t0=$(date +%s.%N)
  out=$(bin/pgdrill drill run --backup "$backup" --wait --json --config "$STACK_DIR/pgdrill.yaml")
  drill_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  rto_times+=("$(json_field '["restoreMs"]/1000' <<<"$out")")
  verify_times+=("$(json_field '["durations"]["restore_and_verify.verify"]/1000' <<<"$out")")
  [ "$(json_field '["verdict"]' <<<"$out")" = PASS ] || { echo "drill did not pass: $out" >&2; exit 1; }
}
base() {
  local out; out=$("$base_dir/bin/pgdrill" drill run --backup "$base_backup" --wait --json --config "$base_cfg")
  base_verify_times+=("$(json_field '["durations"]["restore_and_verify.verify"]/1000' <<<"$out")")
  [ "$(json_field '["verdict"]' <<<"$out")" = PASS ] || { echo "baseline drill did not pass: $out" >&2; exit 1; }
}
# The worker's first restore runs partly in the interpreter (the JVM compiles the hot paths as it goes, about
# 0.5 s more than later drills at scale 50): one drill first, timed apart and reported, as a long-running worker
# has long compiled them; the raw pg_restore, a native program, has nothing to warm.
ours; first_drill="${drill_times[0]}"; drill_times=(); rto_times=(); verify_times=()
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) = 1 ]; then
    raw; ours; [ -z "$baseline_ref" ] || base
  else
    [ -z "$baseline_ref" ] || base; ours; raw
  fi
  echo "run $i: raw restore ${raw_times[-1]} s, pgdrill drill ${drill_times[-1]} s (its restore step ${rto_times[-1]} s," \
       "verify step ${verify_times[-1]} s)"
  [ -z "$baseline_ref" ] || echo "run $i: baseline verify step ${base_verify_times[-1]} s"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
m_raw=$(median "${raw_times[@]}"); m_drill=$(median "${drill_times[@]}"); m_rto=$(median "${rto_times[@]}")
m_verify=$(median "${verify_times[@]}")
{
  echo
  echo "## drill — $(date -u +%Y-%m-%d), scale $scale ($BENCH_DB_SIZE), $runs runs"
  bench_machine
  echo
  echo "| what | median (s) | runs (s) |"
  echo "|---|---|---|"
  echo "| raw \`createdb\` + \`pg_restore -j2 --no-owner --no-privileges\` of the gzip dump | $m_raw | ${raw_times[*]} |"
  echo "| pgdrill's restore step from its zstd backup (streamed decompression + SHA-256 + pg_restore; the RTO it records) | $m_rto | ${rto_times[*]} |"
  echo "| \`pgdrill drill run --wait\` (checksums, restore, full verification incl. amcheck, teardown) | $m_drill | ${drill_times[*]} |"
  echo "| the drill's verify step (the whole verification suite incl. amcheck), this tree | $m_verify | ${verify_times[*]} |"
  echo "| the worker's first drill after it started (before the runs above; not in the medians) | $first_drill | |"
  if [ -n "$baseline_ref" ]; then
    m_base=$(median "${base_verify_times[@]}")
    echo "| the drill's verify step at $baseline_ref ($base_sha), same database, alternating | $m_base | ${base_verify_times[*]} |"
  fi
  echo
  echo "Restore step / raw: **$(ratio "$m_rto" "$m_raw")** (goal ≤ 1.0). Whole drill / raw: **$(ratio "$m_drill" "$m_raw")** (goal ≤ 1.3)." 
  if [ -n "$baseline_ref" ]; then
    # Each run pairs the two verify steps taken back to back: under a changing load, the paired ratios say more.
    pairs=(); for j in "${!verify_times[@]}"; do pairs+=("$(ratio "${verify_times[$j]}" "${base_verify_times[$j]}")"); done
    echo "Verify step / $baseline_ref's: **$(ratio "$m_verify" "$m_base")** (goal ≤ 1.2); per run ${pairs[*]}," \
         "median of the paired runs **$(median "${pairs[@]}")**."
  fi
  echo "Load average (1, 5, 15 min) before the runs: $load_before; after: $load_after."
} | tee -a bench/RESULTS.md
