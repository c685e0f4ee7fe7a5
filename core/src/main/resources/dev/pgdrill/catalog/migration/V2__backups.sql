-- Backups: one row per run, whatever its outcome. Only COMPLETED rows are restore candidates.
CREATE TABLE backups (
    backup_id       text PRIMARY KEY,
    profile         text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('scheduled', 'manual', 'pre-restore')),
    source          text        NOT NULL DEFAULT 'pg_dump',
    status          text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'PRUNED')),
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    size_bytes      bigint      NOT NULL DEFAULT 0,
    encrypted       boolean     NOT NULL DEFAULT false,
    keep            boolean     NOT NULL DEFAULT false,
    failure_reason  text        NOT NULL DEFAULT '',
    workflow_id     text        NOT NULL,
    manifest        jsonb,
    UNIQUE (workflow_id, profile)
);
CREATE INDEX backups_profile_started_idx ON backups (profile, started_at DESC);

-- Every stored file of a backup with its SHA-256, checked before any restore.
CREATE TABLE backup_files (
    backup_id   text   NOT NULL REFERENCES backups (backup_id) ON DELETE CASCADE,
    path        text   NOT NULL,
    size_bytes  bigint NOT NULL,
    sha256      text   NOT NULL,
    PRIMARY KEY (backup_id, path)
);

-- Retention's decisions: what it removed, and why.
CREATE TABLE prune_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    profile     text NOT NULL,
    backup_id   text NOT NULL,
    action      text NOT NULL CHECK (action IN ('REMOVED', 'KEPT')),
    reason      text NOT NULL,
    requested_by text NOT NULL
);

-- A running restore or drill holds its backup here, so retention leaves it alone until released.
CREATE TABLE backup_holds (
    backup_id   text NOT NULL REFERENCES backups (backup_id) ON DELETE CASCADE,
    holder      text NOT NULL,
    held_since  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (backup_id, holder)
);
