-- Restore drills: what was restored where, the verdict, every check, and the measured restore time (RTO).
CREATE TABLE drills (
    drill_id        text PRIMARY KEY,
    backup_id       text NOT NULL DEFAULT '',
    source_profile  text NOT NULL,
    target_profile  text NOT NULL,
    database_name   text NOT NULL DEFAULT '',
    verdict         text NOT NULL CHECK (verdict IN ('PASS', 'FAIL')),
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz NOT NULL,
    restore_ms      bigint NOT NULL,
    durations       jsonb NOT NULL,
    checks          jsonb NOT NULL,
    report_path     text NOT NULL,
    requested_by    text NOT NULL
);
CREATE INDEX drills_started_idx ON drills (started_at DESC);
