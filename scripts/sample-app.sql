-- A small application database shaped like the seed's dashboard: organizations, users, projects and
-- budgets, with foreign keys, checks, unique constraints, sequences and timestamps. Used by the demo,
-- the tests and the benchmarks. Deterministic: the same rows every time, with times relative to now().
CREATE TABLE organizations (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations(id),
    email           text NOT NULL UNIQUE CHECK (position('@' in email) > 1),
    full_name       text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_login_at   timestamptz
);
CREATE TABLE projects (
    id              bigserial PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations(id),
    owner_id        bigint REFERENCES users(id),
    name            text NOT NULL,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'done')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, name)
);
CREATE TABLE budgets (
    id          bigserial PRIMARY KEY,
    project_id  bigint NOT NULL UNIQUE REFERENCES projects(id) ON DELETE CASCADE,
    amount_eur  numeric(12,2) NOT NULL CHECK (amount_eur >= 0),
    approved    boolean NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_org_idx ON projects (organization_id);
CREATE INDEX users_org_idx ON users (organization_id);

INSERT INTO organizations (name, created_at)
SELECT 'Organization ' || g, now() - (g * interval '90 days') FROM generate_series(1, 3) g;

INSERT INTO users (organization_id, email, full_name, created_at, last_login_at)
SELECT 1 + (g % 3), 'user' || g || '@example.org', 'User ' || g,
       now() - (g * interval '20 days'), now() - (g * interval '3 hours')
FROM generate_series(1, 12) g;

INSERT INTO projects (organization_id, owner_id, name, status, created_at, updated_at)
SELECT 1 + (g % 3), 1 + (g % 12), 'Project ' || g,
       (ARRAY['active', 'paused', 'done'])[1 + (g % 3)],
       now() - (g * interval '5 days'), now() - (g * interval '1 hour')
FROM generate_series(1, 47) g;

INSERT INTO budgets (project_id, amount_eur, approved, updated_at)
SELECT id, 15000 + (id * 7919 % 15000), id % 4 <> 0, updated_at FROM projects;
