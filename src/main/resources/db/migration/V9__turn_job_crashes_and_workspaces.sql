-- crashes: how often the session's current turn lost its worker (an error the JVM raised, or no heartbeat within the
-- lease); at memstore.runtime.max-crashes the turn is ended as failed instead of being taken up again, so that one
-- poison turn cannot take down worker after worker. Back to 0 when the session's next turn starts.
-- workspace_id: whose work it is, so that a worker skips the jobs of a workspace that already holds its share of the
-- instance's workers.
alter table turn_jobs add column crashes integer not null default 0;
alter table turn_jobs add column workspace_id text collate "C";

update turn_jobs j set workspace_id = s.workspace_id from sessions s where s.id = j.session_id;

alter table turn_jobs alter column workspace_id set not null;
