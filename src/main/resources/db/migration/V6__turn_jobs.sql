-- One row per session that has work: queued user messages, or a turn in progress. A worker claims the row,
-- heartbeats while it runs the session's turns, and deletes it when the queue is empty; a row whose heartbeat
-- is older than the lease is claimed again by any instance.
create table turn_jobs (
    session_id          text collate "C" primary key references sessions (id) on delete cascade,
    claimed_by          text,
    heartbeat_at        timestamptz,
    claims              integer not null default 0,
    created_at          timestamptz not null
);

create index turn_jobs_by_age on turn_jobs (created_at);
