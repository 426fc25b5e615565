-- What "forget a subject" did, kept as proof: which memories were deleted and which versions redacted, when and by whom.
create table forget_receipts (
    id               text collate "C" primary key,
    workspace_id     text collate "C" not null references workspaces (id) on delete cascade,
    memory_store_id  text collate "C" not null,
    receipt          jsonb not null,
    created_at       timestamptz not null
);

create index forget_receipts_by_workspace on forget_receipts (workspace_id, created_at desc);
