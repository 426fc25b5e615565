create table sessions (
    id              text collate "C" primary key,
    workspace_id    text collate "C" not null references workspaces (id),
    agent_id        text collate "C" not null,
    agent_version   integer not null,
    -- The agent as resolved when the session was created: later agent versions do not change it.
    agent           jsonb not null,
    environment_id  text collate "C" not null,
    status          text not null,
    title           text,
    metadata        jsonb not null,
    vault_ids       jsonb not null,
    budget          jsonb,
    usage           jsonb not null,
    -- The last sequence number handed to one of the session's events; bumping it locks the row, so a
    -- session's events are numbered in the order they commit.
    last_event_seq  bigint not null default 0,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    archived_at     timestamptz
);

create index sessions_by_workspace on sessions (workspace_id, created_at desc, id desc);

-- No foreign key to memory_stores: a store may be deleted while sessions that mounted it live on.
create table session_resources (
    id               text collate "C" primary key,
    session_id       text collate "C" not null references sessions (id) on delete cascade,
    position         integer not null,
    type             text not null,
    memory_store_id  text collate "C",
    -- The resource's wire fields other than id and the timestamps.
    body             jsonb not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

create index session_resources_by_session on session_resources (session_id, position);
create index session_resources_by_store on session_resources (memory_store_id) where memory_store_id is not null;

create table session_events (
    id            text collate "C" primary key,
    session_id    text collate "C" not null references sessions (id) on delete cascade,
    -- Emission order within the session. A queued user event is renumbered when it is processed.
    seq           bigint not null,
    type          text not null,
    -- The event's wire fields other than type, id and processed_at.
    body          jsonb not null,
    processed_at  timestamptz,
    unique (session_id, seq)
);

-- Queued user messages, oldest first: the work of a session.
create index session_events_queued on session_events (session_id, seq) where processed_at is null;
