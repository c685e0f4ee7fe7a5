-- The sample application (scripts/sample-app.sql) grown into what production schemas hold: a partitioned
-- table, views, a materialized view, functions and a procedure, triggers, row-level security (enabled and
-- forced) with policies, grants to application roles (table, column, schema, function), large objects,
-- comments, a standalone sequence, an extension, an event trigger and a publication. Run after
-- sample-app.sql by SampleData.createRealisticApp. Deterministic apart from times relative to now().
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_owner') THEN CREATE ROLE app_owner NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_reader') THEN CREATE ROLE app_reader NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_writer') THEN CREATE ROLE app_writer NOLOGIN; END IF;
END $$;

CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA reporting AUTHORIZATION app_owner;

CREATE TABLE events (
    id          bigserial,
    project_id  bigint NOT NULL REFERENCES projects(id),
    kind        text NOT NULL,
    payload     jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_project_idx ON events (project_id, created_at);

CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    table_name text NOT NULL,
    row_id     bigint NOT NULL,
    action     text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documents (
    id          bigserial PRIMARY KEY,
    project_id  bigint NOT NULL REFERENCES projects(id),
    title       citext NOT NULL,
    attachment  oid,
    confidential boolean NOT NULL DEFAULT false
);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_public ON documents FOR SELECT TO app_reader USING (NOT confidential);
CREATE POLICY documents_writer ON documents TO app_writer USING (true) WITH CHECK (project_id > 0);

CREATE SEQUENCE invoice_number_seq INCREMENT BY 10 START WITH 1000;

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE FUNCTION audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (table_name, row_id, action) VALUES (TG_TABLE_NAME, NEW.id, TG_OP);
    RETURN NEW;
END $$;
CREATE FUNCTION reporting.org_budget(org bigint) RETURNS numeric LANGUAGE sql STABLE AS
    'SELECT coalesce(sum(b.amount_eur), 0) FROM public.budgets b JOIN public.projects p ON p.id = b.project_id
     WHERE p.organization_id = org';
CREATE PROCEDURE reporting.close_done_projects() LANGUAGE sql AS
    $$UPDATE public.projects SET status = 'done' WHERE status = 'paused' AND updated_at < now() - interval '1 year'$$;
ALTER FUNCTION reporting.org_budget(bigint) OWNER TO app_owner;

CREATE TRIGGER projects_touch BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER budgets_audit AFTER INSERT OR UPDATE ON budgets FOR EACH ROW EXECUTE FUNCTION audit_change();
CREATE TRIGGER events_audit AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION audit_change();

CREATE VIEW active_projects AS
    SELECT p.id, p.name, o.name AS organization FROM projects p JOIN organizations o ON o.id = p.organization_id
    WHERE p.status = 'active';
CREATE VIEW reporting.project_overview WITH (security_barrier) AS
    SELECT p.id, p.name, b.amount_eur, b.approved FROM public.projects p LEFT JOIN public.budgets b ON b.project_id = p.id;
ALTER VIEW reporting.project_overview OWNER TO app_owner;

INSERT INTO events (project_id, kind, payload, created_at)
SELECT 1 + (g % 47), (ARRAY['created', 'updated', 'commented'])[1 + (g % 3)], jsonb_build_object('n', g),
       timestamptz '2025-06-01' + (g * interval '2 days')
FROM generate_series(1, 300) g;
INSERT INTO documents (project_id, title, attachment, confidential)
SELECT g, 'Document ' || g, CASE WHEN g <= 3 THEN lo_from_bytea(0, convert_to('attachment ' || g, 'UTF8')) END, g % 5 = 0
FROM generate_series(1, 20) g;
SELECT setval('invoice_number_seq', 1420);

CREATE MATERIALIZED VIEW reporting.budget_by_org AS
    SELECT o.id AS organization_id, o.name, sum(b.amount_eur) AS total_eur, count(*) AS projects
    FROM public.organizations o JOIN public.projects p ON p.organization_id = o.id
    JOIN public.budgets b ON b.project_id = p.id GROUP BY o.id, o.name;
CREATE UNIQUE INDEX budget_by_org_pk ON reporting.budget_by_org (organization_id);
GRANT SELECT ON organizations, projects, budgets TO app_owner; -- its owner refreshes it (and a restore does)
ALTER MATERIALIZED VIEW reporting.budget_by_org OWNER TO app_owner;

GRANT USAGE ON SCHEMA reporting TO app_reader;
GRANT SELECT ON projects, budgets, organizations, events, documents, active_projects TO app_reader;
GRANT SELECT (id, full_name) ON users TO app_reader;
GRANT SELECT, INSERT, UPDATE ON projects, budgets, documents TO app_writer;
GRANT USAGE ON SEQUENCE projects_id_seq, invoice_number_seq TO app_writer;
GRANT SELECT ON reporting.project_overview, reporting.budget_by_org TO app_reader;
REVOKE EXECUTE ON FUNCTION reporting.org_budget(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reporting.org_budget(bigint) TO app_reader;

COMMENT ON TABLE projects IS 'Every project of every organization';
COMMENT ON COLUMN budgets.amount_eur IS 'Approved budget in euros';
COMMENT ON VIEW active_projects IS 'What the dashboard lists';
COMMENT ON SCHEMA reporting IS 'Read models for the finance team';

CREATE FUNCTION log_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE 'dropped %', (SELECT string_agg(object_identity, ', ') FROM pg_event_trigger_dropped_objects());
END $$;
CREATE EVENT TRIGGER log_drops ON sql_drop EXECUTE FUNCTION log_drop();

SET client_min_messages = error; -- "wal_level is insufficient to publish logical changes": fine for a test
CREATE PUBLICATION app_changes FOR TABLE projects, budgets;
RESET client_min_messages;
ANALYZE;
