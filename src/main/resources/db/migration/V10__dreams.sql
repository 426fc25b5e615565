-- Dreams: a job that reads a memory store and past sessions and writes a reorganized version of the store. A dream
-- waits as pending until a worker begins it (creates its session, and for create_new its output store), then runs as
-- that session's turn.
create table dreams (
    id                text collate "C" primary key,
    workspace_id      text collate "C" not null references workspaces (id),
    status            text not null check (status in ('pending', 'running', 'completed', 'failed', 'canceled')),
    -- The input store; no foreign key, as a store may be deleted while its dreams are kept.
    memory_store_id   text collate "C" not null,
    -- The input session ids, sorted.
    session_ids       jsonb not null,
    model             jsonb not null,
    instructions      text,
    output_behavior   text not null check (output_behavior in ('create_new', 'update_existing')),
    output_store_id   text collate "C",
    session_id        text collate "C",
    error             jsonb,
    -- True while an update_existing dream has not fully stopped: from its creation until its turn ended (or it was
    -- canceled before it began). At most one dream holds a store.
    holds_store       boolean not null default false,
    -- The scheduled dream that created it, if any.
    schedule_id       text collate "C",
    created_at        timestamptz not null,
    ended_at          timestamptz,
    archived_at       timestamptz
);

create index dreams_by_workspace on dreams (workspace_id, created_at desc, id desc);
create index dreams_pending on dreams (created_at) where status = 'pending';
create unique index dreams_by_session on dreams (session_id) where session_id is not null;
create unique index dreams_holding_store on dreams (memory_store_id) where holds_store;

-- A session run by memstore on behalf of another object (a dream): it takes no events from clients.
alter table sessions add column managed_by text collate "C";

-- Where a version's content was copied from, when memstore copied it from another store (a dream's output store
-- starts as a copy of its input; adopting a dream's output copies it back).
alter table memory_versions add column copied_from_store_id text collate "C";
alter table memory_versions add column copied_from_version_id text collate "C";
