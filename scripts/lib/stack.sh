# Shared by scripts/demo and bench/*.sh: a throwaway local PostgreSQL cluster and Temporal dev server.
# Source it, set STACK_DIR, PG_PORT, TEMPORAL_PORT, UI_PORT, then call the functions below.

stack_pg_bindir() {
  local b
  b="$(pg_config --bindir 2>/dev/null || true)"
  [ -x "$b/initdb" ] || b="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  echo "$b"
}

# Runs a command as the postgres OS user when we are root (initdb and postgres refuse root).
stack_as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stack_start_pg() {
  local bindir; bindir="$(stack_pg_bindir)"
  mkdir -p "$STACK_DIR/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$STACK_DIR/pg"
  export STACK_PG_PASSWORD="${STACK_PG_PASSWORD:-stack-$RANDOM$RANDOM}"
  echo "$STACK_PG_PASSWORD" > "$STACK_DIR/pg/pw"
  [ "$(id -u)" = 0 ] && chown postgres "$STACK_DIR/pg/pw"
  stack_as_pg "$bindir/initdb" -D "$STACK_DIR/pg/data" -U postgres --pwfile="$STACK_DIR/pg/pw" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >/dev/null
  stack_as_pg "$bindir/pg_ctl" -D "$STACK_DIR/pg/data" -l "$STACK_DIR/pg/server.log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' ${STACK_PG_OPTS:-}" start >/dev/null
}

stack_psql() {
  PGPASSWORD="$STACK_PG_PASSWORD" psql -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

stack_start_temporal() {
  local bin="$1"
  "$bin" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$UI_PORT" \
    --db-filename "$STACK_DIR/temporal.db" --log-level error \
    --search-attribute PgdrillDatabase=Keyword --search-attribute PgdrillBackupId=Keyword \
    --search-attribute PgdrillStep=Keyword --search-attribute PgdrillVerdict=Keyword \
    >"$STACK_DIR/temporal.log" 2>&1 &
  echo $! > "$STACK_DIR/temporal.pid"
}

# Writes $STACK_DIR/pgdrill.yaml: production = database "app", catalog = database "pgdrill".
stack_write_config() {
  local pw='"${STACK_PG_PASSWORD}"'
  cat > "$STACK_DIR/pgdrill.yaml" <<YAML
temporal: { address: "127.0.0.1:$TEMPORAL_PORT", namespace: default, taskQueue: pgdrill }
catalog: { database: ops }
databases:
  production: { role: production, host: 127.0.0.1, port: $PG_PORT, database: app, user: postgres, password: $pw }
  staging:    { role: staging,    host: 127.0.0.1, port: $PG_PORT, database: postgres, user: postgres, password: $pw }
  sandbox:    { role: sandbox,    host: 127.0.0.1, port: $PG_PORT, database: postgres, user: postgres, password: $pw }
  ops:        { role: catalog,    host: 127.0.0.1, port: $PG_PORT, database: pgdrill, user: postgres, password: $pw }
repository: { path: repo }
backup: { database: production, schedule: "0 3 * * *", retentionDays: 7, jobs: 2 }
drill: { target: sandbox, schedule: "0 4 1 * *", windowDays: 7 }
approval: { phrase: RESTORE PRODUCTION, approvers: [alice, bob], distinctFromRequester: true, timeout: 4h }
${STACK_EXTRA_CONFIG:-}
YAML
  mkdir -p "$STACK_DIR/repo"
}

stack_start_worker() {
  "$STACK_ROOT/bin/pgdrill-worker" --config "$STACK_DIR/pgdrill.yaml" >"$STACK_DIR/worker.log" 2>&1 &
  echo $! > "$STACK_DIR/worker.pid"
  for _ in $(seq 1 120); do grep -q "serving task queue" "$STACK_DIR/worker.log" && return 0; sleep 0.5; done
  cat "$STACK_DIR/worker.log" >&2
  return 1
}

# Waits until Temporal answers (doctor's temporal line is ok).
stack_await_temporal() {
  for _ in $(seq 1 120); do
    if ! kill -0 "$(cat "$STACK_DIR/temporal.pid")" 2>/dev/null; then
      echo "the Temporal dev server exited:" >&2; cat "$STACK_DIR/temporal.log" >&2; return 1
    fi
    local out
    out="$("$STACK_ROOT/bin/pgdrill" doctor --config "$STACK_DIR/pgdrill.yaml" 2>/dev/null || true)"
    grep -q "^ok    temporal" <<<"$out" && return 0
    sleep 0.5
  done
  echo "Temporal did not come up; see $STACK_DIR/temporal.log" >&2
  return 1
}

stack_stop() {
  [ -f "$STACK_DIR/worker.pid" ] && kill "$(cat "$STACK_DIR/worker.pid")" 2>/dev/null || true
  [ -f "$STACK_DIR/temporal.pid" ] && kill "$(cat "$STACK_DIR/temporal.pid")" 2>/dev/null || true
  [ -d "$STACK_DIR/pg/data" ] && stack_as_pg "$(stack_pg_bindir)/pg_ctl" -D "$STACK_DIR/pg/data" -m fast stop >/dev/null 2>&1 || true
  sleep 1
  rm -rf "$STACK_DIR"
}
