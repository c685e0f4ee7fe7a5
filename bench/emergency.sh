#!/usr/bin/env bash
# Benchmark: an emergency restore from `pgdrill restore start` to completion, approved as soon as it asks,
# against the same job done by hand in the same run, two ways:
#   by hand:         pg_dump snapshot of production + createdb + pg_restore -j2 of the backup + the two renames;
#   by the runbook:  the same with the runbook's own steps around it: the staging restore (createdb +
#                    pg_restore -j2) and its check (every table there, its row count), before; production's row
#                    counts, after (docs/RUNBOOK.md, the seed runbook's steps 1-4).
# pgdrill is timed as an operator who has decided to approve runs it: `restore start --wait` with `restore approve
# --when-asked` beside it (and, as before, approved by a script polling `restore status`).
# pgdrill also verifies staging fully (checksums, constraints, amcheck, owners and grants), verifies production,
# dumps the old production with a manifest, and writes the incident record. Appends to bench/RESULTS.md.
#   bench/emergency.sh [SCALES="10 50"] [RUNS=1]     (pgbench scale 10 is about the seed's 150 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
STACK_ROOT="$(pwd)"
scales="${1:-10 50}"; runs="${2:-1}"
# shellcheck source=lib.sh
. bench/lib.sh
cfg() { echo "$STACK_DIR/pgdrill.yaml"; }

status_json() { bin/pgdrill restore status "$1" --config "$(cfg)" --json 2>/dev/null || true; }
# step_ms STATUS_JSON STEP FIELD → the step's startedAtMs or finishedAtMs
step_ms() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(next(s[sys.argv[3]] for s in d["steps"] if s["name"]==sys.argv[2]))' "$1" "$2" "$3"; }
step_status() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(next(s["status"] for s in d["steps"] if s["name"]==sys.argv[2]))' "$1" "$2"; }

# ours_wait: what an operator who has decided to approve types: `restore start --wait`, and beside it
# `restore approve --when-asked` (the real approval Update, checked by its validator, sent once the restore asks).
ours_wait() {
  local t0 out approver s approved_ms restored_ms done_ms
  t0=$(date +%s.%N)
  bin/pgdrill restore approve emergency-restore-production --config "$(cfg)" --approver bob \
    --phrase "RESTORE PRODUCTION" --when-asked --json >/dev/null 2>&1 &
  approver=$!
  out=$(bin/pgdrill restore start --config "$(cfg)" --target production --requested-by carol --reason bench --wait --json)
  wait_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  wait "$approver" || { echo "approve --when-asked failed" >&2; exit 1; }
  [ "$(echo "$out" | json_field '["outcome"]')" = RESTORED ] || { echo "restore ended: $out" >&2; exit 1; }
  s=$(status_json emergency-restore-production)
  done_ms=$(step_ms "$s" resume finishedAtMs)
  approved_ms=$(step_ms "$s" awaiting_approval finishedAtMs)
  restored_ms=$(step_ms "$s" verify_production finishedAtMs)
  wait_run_times+=("$(awk -v a="$t0" -v b="$done_ms" 'BEGIN {printf "%.2f", b / 1000 - a}')")
  wait_immediate_times+=("$(awk -v a="$approved_ms" -v b="$restored_ms" 'BEGIN {printf "%.2f", (b - a) / 1000}')")
  drop_pre_restore
}
drop_pre_restore() {
  for db in $(stack_psql -d postgres -At -c "SELECT datname FROM pg_database WHERE datname LIKE 'app\_\_pre\_restore\_%'"); do
    bin/pgdrill cleanup --config "$(cfg)" --drop "$db" --yes >/dev/null
  done
}

# ours [prepared]: start → AWAITING_APPROVAL → (prepared: until the side restore is done) → approve → COMPLETED.
ours() {
  local t0 id s status approved_ms restored_ms done_ms
  t0=$(date +%s.%N)
  id=$(bin/pgdrill restore start --config "$(cfg)" --target production --requested-by carol --reason bench --json | json_field '["workflowId"]')
  while :; do
    s=$(status_json "$id")
    if [ "$(echo "$s" | json_field '["step"]')" = AWAITING_APPROVAL ] || [ "$(step_status "$s" awaiting_approval)" = RUNNING ]; then
      if [ "${1:-}" != prepared ] || [ "$(step_status "$s" side_restore)" = DONE ]; then break; fi
    fi
    sleep 0.2
  done
  bin/pgdrill restore approve "$id" --config "$(cfg)" --approver bob --phrase "RESTORE PRODUCTION" >/dev/null
  while :; do
    s=$(status_json "$id")
    status=$(echo "$s" | json_field '["status"]')
    [ "$status" != RUNNING ] && break
    sleep 0.2
  done
  [ "$status" = COMPLETED ] || { echo "restore ended $status" >&2; exit 1; }
  # The run's own end (its last step, on the workflow clock): what the polling above adds (a CLI process per
  # poll) is not the restore's.
  done_ms=$(step_ms "$s" resume finishedAtMs)
  # Approval to production restored: from the end of awaiting_approval to production verified (workflow clock).
  approved_ms=$(step_ms "$s" awaiting_approval finishedAtMs)
  restored_ms=$(step_ms "$s" verify_production finishedAtMs)
  if [ "${1:-}" = prepared ]; then
    prepared_times+=("$(awk -v a="$approved_ms" -v b="$restored_ms" 'BEGIN {printf "%.2f", (b - a) / 1000}')")
  else
    ours_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
    ours_run_times+=("$(awk -v a="$t0" -v b="$done_ms" 'BEGIN {printf "%.2f", b / 1000 - a}')")
    immediate_approval_times+=("$(awk -v a="$approved_ms" -v b="$restored_ms" 'BEGIN {printf "%.2f", (b - a) / 1000}')")
  fi
  drop_pre_restore
}
raw() {
  local t0; t0=$(date +%s.%N)
  rm -rf "$STACK_DIR/snap"
  PGPASSWORD="$STACK_PG_PASSWORD" pg_dump -Fd -j2 -h 127.0.0.1 -p "$PG_PORT" -U postgres -f "$STACK_DIR/snap" app
  stack_psql -d postgres -c "CREATE DATABASE app_side TEMPLATE template0"
  PGPASSWORD="$STACK_PG_PASSWORD" pg_restore -j2 --no-owner --no-privileges -h 127.0.0.1 -p "$PG_PORT" -U postgres -d app_side "$dump"
  stack_psql -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'app' AND pid <> pg_backend_pid()" \
    -c "ALTER DATABASE app RENAME TO app_pre" -c "ALTER DATABASE app_side RENAME TO app" >/dev/null
  raw_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  stack_psql -d postgres -c "DROP DATABASE app_pre"
  rm -rf "$STACK_DIR/snap"
}

# The runbook by hand: staging restore + its row counts, then the same job as raw(), then production's row counts.
counts() {
  stack_psql -d "$1" -At -c "SELECT format('SELECT %L, count(*) FROM %I.%I;', c.relname, n.nspname, c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')" | stack_psql -d "$1" -At >/dev/null
}
runbook() {
  local t0; t0=$(date +%s.%N)
  stack_psql -d postgres -c "CREATE DATABASE app_staging TEMPLATE template0"
  PGPASSWORD="$STACK_PG_PASSWORD" pg_restore -j2 --no-owner --no-privileges -h 127.0.0.1 -p "$PG_PORT" -U postgres -d app_staging "$dump"
  counts app_staging
  rm -rf "$STACK_DIR/snap"
  PGPASSWORD="$STACK_PG_PASSWORD" pg_dump -Fd -j2 -h 127.0.0.1 -p "$PG_PORT" -U postgres -f "$STACK_DIR/snap" app
  stack_psql -d postgres -c "CREATE DATABASE app_side TEMPLATE template0"
  PGPASSWORD="$STACK_PG_PASSWORD" pg_restore -j2 --no-owner --no-privileges -h 127.0.0.1 -p "$PG_PORT" -U postgres -d app_side "$dump"
  stack_psql -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'app' AND pid <> pg_backend_pid()" \
    -c "ALTER DATABASE app RENAME TO app_pre" -c "ALTER DATABASE app_side RENAME TO app" >/dev/null
  counts app
  runbook_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  stack_psql -d postgres -c "DROP DATABASE app_pre" -c "DROP DATABASE app_staging"
  rm -rf "$STACK_DIR/snap"
}

for scale in $scales; do
  bench_setup "$scale"
  backup=$(bin/pgdrill backup run --wait --json --config "$(cfg)" | json_field '["backupId"]')
  # The backup the by-hand steps restore: a plain pg_dump of the same data, as a team without pgdrill keeps
  # one (pgdrill's own backup stores zstd-compressed files, which pg_restore cannot read directly).
  dump="$STACK_DIR/handdump"
  rm -rf "$dump"
  PGPASSWORD="$STACK_PG_PASSWORD" pg_dump -Fd -j2 -h 127.0.0.1 -p "$PG_PORT" -U postgres -f "$dump" app
  raw_times=(); runbook_times=(); ours_times=(); ours_run_times=(); immediate_approval_times=(); prepared_times=()
  wait_times=(); wait_run_times=(); wait_immediate_times=()
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  for i in $(seq 1 "$runs"); do
    if [ $((i % 2)) = 1 ]; then raw; runbook; ours_wait; ours; else ours; ours_wait; runbook; raw; fi
    ours prepared
    echo "scale $scale run $i: by hand ${raw_times[-1]} s, by the runbook ${runbook_times[-1]} s, pgdrill start --wait + approve --when-asked ${wait_times[-1]} s (run clock ${wait_run_times[-1]} s), polled ${ours_times[-1]} s (run clock ${ours_run_times[-1]} s); approval to production restored: ${prepared_times[-1]} s prepared, ${immediate_approval_times[-1]} s immediate"
  done
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  m_raw=$(median "${raw_times[@]}"); m_ours=$(median "${ours_times[@]}")
  m_runbook=$(median "${runbook_times[@]}"); m_ours_run=$(median "${ours_run_times[@]}")
  m_prepared=$(median "${prepared_times[@]}"); m_immediate=$(median "${immediate_approval_times[@]}")
  m_wait=$(median "${wait_times[@]}"); m_wait_run=$(median "${wait_run_times[@]}"); m_wait_immediate=$(median "${wait_immediate_times[@]}")
  {
    echo
    echo "## emergency restore — $(date -u +%Y-%m-%d), scale $scale ($BENCH_DB_SIZE), $runs run(s)"
    bench_machine
    echo
    echo "| what | median (s) | runs (s) |"
    echo "|---|---|---|"
    echo "| by hand: pg_dump -Fd -j2 snapshot + createdb + pg_restore -j2 + renames | $m_raw | ${raw_times[*]} |"
    echo "| by the runbook: staging createdb + pg_restore -j2 + row counts, then the same as by hand, then production's row counts | $m_runbook | ${runbook_times[*]} |"
    echo "| \`pgdrill restore start --wait\` until it returns, approved by \`pgdrill restore approve --when-asked\` started beside it (staging restore like production + full verify, side database copied from it + checked, switch, verify production, commit, snapshot of the set-aside database with its manifest, incident record) | $m_wait | ${wait_times[*]} |"
    echo "| the same, to the run's last step on the workflow clock | $m_wait_run | ${wait_run_times[*]} |"
    echo "| approval → production restored, approved by \`approve --when-asked\` | $m_wait_immediate | ${wait_immediate_times[*]} |"
    echo "| \`pgdrill restore start\` → COMPLETED seen by polling \`restore status\`, immediate approval (staging restore like production + full verify, side database copied from it + checked, switch, verify production, commit, snapshot of the set-aside database with its manifest, incident record) | $m_ours | ${ours_times[*]} |"
    echo "| the same, to the run's last step on the workflow clock (without the polling's lag) | $m_ours_run | ${ours_run_times[*]} |"
    echo "| approval → production restored (switched and verified), side database prepared before the approval | $m_prepared | ${prepared_times[*]} |"
    echo "| approval → production restored, immediate approval (the side restore still running) | $m_immediate | ${immediate_approval_times[*]} |"
    echo
    echo "Ratio pgdrill (start --wait + approve --when-asked) / by hand: **$(ratio "$m_wait" "$m_raw")** (run clock $(ratio "$m_wait_run" "$m_raw"); goal ≤ 1.5);"
    echo "pgdrill (start --wait + approve --when-asked) / by the runbook: **$(ratio "$m_wait" "$m_runbook")** (run clock $(ratio "$m_wait_run" "$m_runbook"));"
    echo "polled by restore status (as before): / by hand $(ratio "$m_ours" "$m_raw") (run clock $(ratio "$m_ours_run" "$m_raw")), / by the runbook $(ratio "$m_ours" "$m_runbook") (run clock $(ratio "$m_ours_run" "$m_runbook"));"
    echo "approval → restored, prepared: **$m_prepared s** (goal < 5 s). Load average (1, 5, 15 min) before: $load_before; after: $load_after."
  } | tee -a bench/RESULTS.md
  stack_stop
  trap - EXIT
done
