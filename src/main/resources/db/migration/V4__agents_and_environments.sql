-- Agents are versioned. The head row carries the current version and its configuration; agent_versions keeps every
-- version, the current one included, so that sessions can pin one and ?version=N reads it back. A configuration is
-- the agent object without its identity, version and timestamps, with tools resolved and unknown fields kept.
create table agents (
    id           text collate "C" primary key,
    workspace_id text collate "C" not null references workspaces (id),
    version      integer not null,
    config       jsonb not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    archived_at  timestamptz
);

-- The list order (created_at desc, id desc) within a workspace, read as a keyset.
create index agents_by_workspace on agents (workspace_id, created_at desc, id desc);

-- Append-only: a version is never changed once written.
create table agent_versions (
    agent_id   text collate "C" not null references agents (id),
    version    integer not null,
    config     jsonb not null,
    created_at timestamptz not null,
    primary key (agent_id, version)
);

-- Sessions keep only an environment's id (no foreign key), so an environment can be deleted while sessions remain.
create table environments (
    id           text collate "C" primary key,
    workspace_id text collate "C" not null references workspaces (id),
    name         text not null,
    description  text,
    config       jsonb not null,
    metadata     jsonb not null,
    scope        text,
    -- Fields the caller sent that memstore does not interpret, echoed as they came.
    other_fields jsonb not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    archived_at  timestamptz
);

create index environments_by_workspace on environments (workspace_id, created_at desc, id desc);
