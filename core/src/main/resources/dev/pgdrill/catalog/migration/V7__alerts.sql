-- The monitor's alerts: one row per time a finding opened, until it resolved. At most one open row per key,
-- and every change is made only while the row is as the changing monitor run read it: two runs at once
-- notify an alert's opening, reminder or resolution once between them.
CREATE TABLE alerts (
    id                bigserial PRIMARY KEY,
    alert_key         text        NOT NULL,
    check_name        text        NOT NULL,
    subject           text        NOT NULL,
    severity          text        NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
    title             text        NOT NULL,
    message           text        NOT NULL,
    hint              text        NOT NULL DEFAULT '',
    since             timestamptz NOT NULL,
    opened_at         timestamptz NOT NULL,
    opened_by         text        NOT NULL,
    last_notified_at  timestamptz NOT NULL,
    last_notified_by  text        NOT NULL,
    reminders         integer     NOT NULL DEFAULT 0,
    resolved_at       timestamptz,
    resolved_by       text
);
CREATE UNIQUE INDEX alerts_one_open_per_key ON alerts (alert_key) WHERE resolved_at IS NULL;
CREATE INDEX alerts_opened_idx ON alerts (opened_at DESC);

-- Every attempt to deliver a notice through a channel (retries included), whatever the notice was about:
-- an alert (alert_id set), a failed drill, an emergency restore's milestone, a test.
CREATE TABLE alert_deliveries (
    id           bigserial PRIMARY KEY,
    alert_id     bigint REFERENCES alerts (id) ON DELETE CASCADE,
    notice_key   text        NOT NULL,
    kind         text        NOT NULL,
    channel      text        NOT NULL,
    attempt      integer     NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    outcome      text        NOT NULL CHECK (outcome IN ('DELIVERED', 'FAILED')),
    detail       text        NOT NULL DEFAULT '',
    workflow_id  text        NOT NULL DEFAULT ''
);
CREATE INDEX alert_deliveries_alert_idx ON alert_deliveries (alert_id, at);
CREATE INDEX alert_deliveries_at_idx ON alert_deliveries (at DESC);
