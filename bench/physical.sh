#!/usr/bin/env bash
# Benchmark: a physical drill (pgBackRest set → ephemeral cluster → verification → teardown) against the
# logical drill (pg_dump backup → sandbox database → verification → teardown) of the same database, and
# pgdrill's physical restore step (the RTO it records: pgbackrest restore + recovery until the cluster
# accepts connections, promoted) against a bare `pgbackrest restore` with the same options (alone, and
# followed by `pg_ctl start -w`), in one run, alternating which goes first. Appends to bench/RESULTS.md.
#   bench/physical.sh [SCALE=100] [RUNS=3]          (scale 100 is about 1.5 GB)
set -euo pipefail
cd "$(dirname "$0")/.."
STACK_ROOT="$(pwd)"
scale="${1:-100}"; runs="${2:-3}"
# shellcheck source=lib.sh
. bench/lib.sh
BR="$STACK_DIR/pgbackrest"
# The stack's cluster archives into a pgBackRest repository and opens a socket for pgbackrest (the last -c wins).
# archive_command is set with ALTER SYSTEM (a -c would win over it): discarded while the data is loaded, then
# pgbackrest once the stanza exists, so the backup does not wait behind the load's whole WAL backlog.
STACK_PG_OPTS="$STACK_PG_OPTS -c unix_socket_directories='$BR/sock' -c archive_mode=on -c wal_level=replica"
mkdir -p "$STACK_ROOT/bench"
rm -rf "$STACK_DIR"; mkdir -p "$BR/sock" "$BR/repo" "$BR/lock" "$BR/log" "$BR/raw"
cat > "$BR/pgbackrest.conf" <<CONF
[global]
repo1-path=$BR/repo
repo1-retention-full=9
archive-timeout=600
lock-path=$BR/lock
log-path=$BR/log
log-level-file=off
start-fast=y
compress-type=lz4
[bench]
pg1-path=$STACK_DIR/pg/data
pg1-port=$PG_PORT
pg1-socket-path=$BR/sock
CONF
[ "$(id -u)" = 0 ] && chown -R postgres "$BR"
# bench_setup removes STACK_DIR first: keep the pgBackRest folder aside and put it back once the cluster exists.
mv "$BR" "$STACK_ROOT/bench/.pgbackrest-setup"
stack_start_pg_orig=$(declare -f stack_start_pg)
eval "${stack_start_pg_orig/stack_start_pg/stack_start_pg_plain}"
stack_start_pg() {
  mkdir -p "$STACK_DIR"; mv "$STACK_ROOT/bench/.pgbackrest-setup" "$BR"; stack_start_pg_plain
  stack_psql -d postgres -c "ALTER SYSTEM SET archive_command = '/bin/true'" -c "SELECT pg_reload_conf()" >/dev/null
}
bench_setup "$scale"
pb() { stack_as_pg pgbackrest --config="$BR/pgbackrest.conf" --stanza=bench --log-level-console=warn "$@"; }
stack_psql -d postgres -c "ALTER SYSTEM SET archive_command = 'pgbackrest --config=$BR/pgbackrest.conf --stanza=bench archive-push %p'" \
  -c "SELECT pg_reload_conf()" >/dev/null
pb stanza-create
echo "==> pgbackrest backup --type=full"
pb --type=full backup
label=$(pb --output=json info | json_field '[0]["backup"][-1]["label"]')

# The same database as two production profiles: pgBackRest's stanza, and pgdrill's own pg_dump backups.
kill "$(cat "$STACK_DIR/worker.pid")"; sleep 1
python3 - "$STACK_DIR/pgdrill.yaml" "$BR/pgbackrest.conf" <<'PY'
import re, sys
path, conf = sys.argv[1], sys.argv[2]
y = open(path).read()
line = re.search(r"^  production: \{.*\}$", y, re.M).group(0)
physical = line.replace("  production:", "  physical:  ").rstrip("}").rstrip() + \
    ", source: { kind: pgbackrest, stanza: bench, configFile: \"" + conf + "\" } }"
y = y.replace(line, line + "\n" + physical)
y = y.replace("repository: { path: repo }", "repository: { path: repo, workDir: work }")
open(path, "w").write(y)
PY
stack_start_worker
cfg="$STACK_DIR/pgdrill.yaml"
backup=$(bin/pgdrill backup run --wait --json --config "$cfg" | json_field '["backupId"]')

raw_times=(); raw_start_times=(); raw_par_times=(); phys_times=(); phys_rto=(); logical_times=(); logical_rto=()
# pgdrill restores with --process-max at the core count (pgbackrest.conf sets none here); the bare restore runs
# at pgBackRest's default (one process), the issue's baseline, and once more with pgdrill's process count.
cores=$(nproc)
raw() {
  local t0 t1 dir="$BR/raw/data"
  rm -rf "$BR/raw"; mkdir -p "$BR/raw"; [ "$(id -u)" = 0 ] && chown postgres "$BR/raw"; chmod 700 "$BR/raw"
  t0=$(date +%s.%N)
  pb restore --pg1-path="$dir" --set="$label" --type=immediate --target-action=promote --archive-mode=off
  t1=$(date +%s.%N)
  stack_as_pg "$(stack_pg_bindir)/pg_ctl" -D "$dir" -l "$BR/raw/server.log" -w -t 3600 \
    -o "-p $((PG_PORT + 1)) -c listen_addresses=127.0.0.1 -c unix_socket_directories='$BR/raw' -c hot_standby=off -c archive_mode=off" start >/dev/null
  raw_times+=("$(elapsed "$t0" "$t1")"); raw_start_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  stack_as_pg "$(stack_pg_bindir)/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null
  rm -rf "$BR/raw"
  quiet
  mkdir -p "$BR/raw"; [ "$(id -u)" = 0 ] && chown postgres "$BR/raw"; chmod 700 "$BR/raw"
  t0=$(date +%s.%N)
  pb restore --pg1-path="$dir" --set="$label" --type=immediate --target-action=promote --archive-mode=off \
    --process-max="$cores"
  raw_par_times+=("$(elapsed "$t0" "$(date +%s.%N)")")
  rm -rf "$BR/raw"
}
physical() {
  local t0 out; t0=$(date +%s.%N)
  out=$(bin/pgdrill drill run --database physical --backup "$label" --wait --json --config "$cfg")
  phys_times+=("$(elapsed "$t0" "$(date +%s.%N)")"); phys_rto+=("$(json_field '["restoreMs"]/1000' <<<"$out")")
  [ "$(json_field '["verdict"]' <<<"$out")" = PASS ] || { echo "physical drill did not pass: $out" >&2; exit 1; }
  [ -z "$(find "$STACK_DIR/work" -maxdepth 2 -name 'cluster-*')" ] || { echo "a cluster was left behind" >&2; exit 1; }
}
logical() {
  local t0 out; t0=$(date +%s.%N)
  out=$(bin/pgdrill drill run --database production --backup "$backup" --wait --json --config "$cfg")
  logical_times+=("$(elapsed "$t0" "$(date +%s.%N)")"); logical_rto+=("$(json_field '["restoreMs"]/1000' <<<"$out")")
  [ "$(json_field '["verdict"]' <<<"$out")" = PASS ] || { echo "logical drill did not pass: $out" >&2; exit 1; }
}
# Each step leaves background work behind: the logical drill writes its whole restore to the stack cluster's WAL,
# which that cluster's archiver then pushes segment by segment into the stanza (pgbackrest archive-push, lz4), and
# every step leaves dirty pages. Before each timed step: a checkpoint, the archiver caught up (no segment waiting
# in archive_status), then `sync`, so no step pays for its predecessor's leftovers.
quiet() {
  local ready
  stack_psql -d postgres -c "CHECKPOINT" >/dev/null
  for _ in $(seq 1 600); do
    ready=$(find "$STACK_DIR/pg/data/pg_wal/archive_status" -name '*.ready' | wc -l)
    [ "$ready" = 0 ] && break
    sleep 0.5
  done
  [ "$ready" = 0 ] || echo "warning: $ready WAL segments still waiting for the archiver" >&2
  sync
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) = 1 ]; then quiet; raw; quiet; physical; quiet; logical; else quiet; logical; quiet; physical; quiet; raw; fi
  echo "run $i: bare pgbackrest restore ${raw_times[-1]} s (+ start ${raw_start_times[-1]} s; with" \
       "--process-max=$cores ${raw_par_times[-1]} s), physical drill" \
       "${phys_times[-1]} s (restore step ${phys_rto[-1]} s), logical drill ${logical_times[-1]} s (restore step ${logical_rto[-1]} s)"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
m_raw=$(median "${raw_times[@]}"); m_raw_start=$(median "${raw_start_times[@]}"); m_raw_par=$(median "${raw_par_times[@]}")
m_phys=$(median "${phys_times[@]}"); m_prto=$(median "${phys_rto[@]}")
m_log=$(median "${logical_times[@]}"); m_lrto=$(median "${logical_rto[@]}")
{
  echo
  echo "## physical — $(date -u '+%Y-%m-%d %H:%M') UTC, scale $scale ($BENCH_DB_SIZE), $runs runs"
  bench_machine
  echo
  echo "| what | median (s) | runs (s) |"
  echo "|---|---|---|"
  echo "| bare \`pgbackrest restore --type=immediate --target-action=promote --archive-mode=off\` | $m_raw | ${raw_times[*]} |"
  echo "| the same + \`pg_ctl start -w\` (recovered, promoted, accepting connections) | $m_raw_start | ${raw_start_times[*]} |"
  echo "| bare restore with pgdrill's process count, \`--process-max=$cores\` | $m_raw_par | ${raw_par_times[*]} |"
  echo "| pgdrill's physical restore step (restore + recovery until it accepts connections) | $m_prto | ${phys_rto[*]} |"
  echo "| \`pgdrill drill run --database physical --wait\` (verify repository, restore, verification incl. pg_amcheck, teardown) | $m_phys | ${phys_times[*]} |"
  echo "| pgdrill's logical restore step (pg_restore into a sandbox) | $m_lrto | ${logical_rto[*]} |"
  echo "| \`pgdrill drill run --database production --wait\` (logical: checksums, pg_restore, full verification incl. pg_amcheck, teardown) | $m_log | ${logical_times[*]} |"
  echo
  echo "Physical restore step / bare pgbackrest restore: **$(ratio "$m_prto" "$m_raw")** (goal ≤ 1.2);" \
       "/ bare restore + start: **$(ratio "$m_prto" "$m_raw_start")**. Physical drill / logical drill:" \
       "**$(ratio "$m_phys" "$m_log")**; restore steps physical / logical: **$(ratio "$m_prto" "$m_lrto")**."
  echo "Load average (1, 5, 15 min) before the runs: $load_before; after: $load_after."
} | tee -a bench/RESULTS.md
