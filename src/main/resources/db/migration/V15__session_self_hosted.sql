-- self_hosted: whether the session's environment was {"type":"self_hosted"} when the session was created. An
-- environment's config type never changes, and the turn reads the flag without the environment (which may since have
-- been archived or deleted): in such a session the built-in tool calls are run by the client's worker, not by memstore.
alter table sessions add column self_hosted boolean not null default false;

update sessions s set self_hosted = true
from environments e
where e.id = s.environment_id and e.config ->> 'type' = 'self_hosted';
