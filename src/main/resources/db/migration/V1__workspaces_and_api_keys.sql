-- Every resource belongs to a workspace; an API key authenticates as exactly one workspace.
-- Ids are prefixed and time-ordered; "C" collation makes them (and paths, later) compare byte-wise.

create table workspaces (
    id         text collate "C" primary key,
    name       text not null,
    is_default boolean not null default false,
    created_at timestamptz not null
);

-- Exactly one default workspace, even when several instances start at once.
create unique index workspaces_single_default on workspaces (is_default) where is_default;

create table api_keys (
    id               text collate "C" primary key,
    workspace_id     text collate "C" not null references workspaces (id),
    name             text not null,
    -- Only a hash of the secret is kept; the secret is shown once, when the key is issued.
    secret_sha256    text not null unique,
    partial_key_hint text not null,
    -- The key that memstore.auth.bootstrap-key configures for the default workspace.
    bootstrap        boolean not null default false,
    created_at       timestamptz not null,
    revoked_at       timestamptz
);

create index api_keys_by_workspace on api_keys (workspace_id, created_at, id);
