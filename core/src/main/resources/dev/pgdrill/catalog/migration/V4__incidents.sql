-- Emergency restores: one incident record per run, whatever its outcome.
CREATE TABLE incidents (
    workflow_id     text PRIMARY KEY,
    target_profile  text NOT NULL,
    outcome         text NOT NULL,
    backup_id       text NOT NULL DEFAULT '',
    incident_time   timestamptz NOT NULL,
    data_loss_ms    bigint NOT NULL DEFAULT 0,
    record          jsonb NOT NULL,
    report_path     text NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
