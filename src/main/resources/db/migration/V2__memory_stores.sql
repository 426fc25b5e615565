create table memory_stores (
    id           text collate "C" primary key,
    workspace_id text collate "C" not null references workspaces (id),
    name         text not null,
    description  text not null,
    metadata     jsonb not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    archived_at  timestamptz
);

-- The list order (created_at desc, id desc) within a workspace, read as a keyset.
create index memory_stores_by_workspace on memory_stores (workspace_id, created_at desc, id desc);
