-- Scheduled dreams (a memstore extension): a cron in a time zone on which a dream of one memory store is created,
-- reading the sessions that mounted the store since the schedule's previous run. A worker claims a due schedule
-- (next_run_at <= now) with FOR UPDATE SKIP LOCKED and, in the same transaction, creates the dream and moves
-- next_run_at to the cron's next time after now, so each due time runs once however many instances there are.
create table dream_schedules (
    id               text collate "C" primary key,
    workspace_id     text collate "C" not null references workspaces (id),
    -- A schedule goes with its store.
    memory_store_id  text collate "C" not null references memory_stores (id) on delete cascade,
    name             text,
    -- As the operator wrote it: Unix 5 fields, Spring's 6 fields, or a macro such as @daily.
    cron             text not null,
    -- An IANA time zone id.
    time_zone        text not null,
    model            jsonb not null,
    instructions     text,
    output_behavior  text not null check (output_behavior in ('create_new', 'update_existing')),
    enabled          boolean not null,
    -- The next due time; null while disabled.
    next_run_at      timestamptz,
    last_run_at      timestamptz,
    -- The last dream the schedule created (a later run that created none leaves it).
    last_dream_id    text collate "C",
    last_result      text,
    -- The sessions the next run reads are those created after this: the schedule's creation, then the time of each run
    -- that created a dream or found no session. A run whose dream was refused leaves it, so the next run reads them.
    sessions_since   timestamptz not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

create index dream_schedules_by_workspace on dream_schedules (workspace_id, created_at desc, id desc);
create index dream_schedules_by_store on dream_schedules (memory_store_id, created_at desc, id desc);
create index dream_schedules_due on dream_schedules (next_run_at) where enabled;
