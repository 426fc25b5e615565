-- Webhooks: endpoints the operator registers per workspace, the events the API's changes announce (an outbox written
-- in the transaction of the change), one delivery per event and endpoint it is owed to, and every attempt at it.

create table webhook_endpoints (
    id               text collate "C" primary key,
    workspace_id     text collate "C" not null references workspaces (id),
    -- '' when none was given, as the SDK's endpoint object has it.
    name             text not null,
    description      text not null,
    url              text not null,
    enabled_events   text[] not null,
    state            text not null check (state in ('enabled', 'disabled')),
    -- Why memstore disabled the endpoint; '' while enabled or when the operator disabled it.
    disabled_reason  text not null,
    -- whsec_ followed by the base64 of 32 random bytes. Kept as it is, not hashed: every delivery is signed with it.
    signing_secret   text not null,
    -- When a delivery to the endpoint last succeeded, or null. A delivery given up after its whole retry period with
    -- no success of the endpoint since it was owed disables the endpoint.
    last_success_at  timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

create index webhook_endpoints_by_workspace on webhook_endpoints (workspace_id, created_at desc, id desc);
-- What every change with an event type reads: the workspace's enabled endpoints.
create index webhook_endpoints_enabled on webhook_endpoints (workspace_id) where state = 'enabled';

-- An event is written only when an enabled endpoint of its workspace subscribes to its type, so a change nobody
-- listens to writes nothing. Events older than memstore.webhooks.retention are deleted with their deliveries.
create table webhook_events (
    id            text collate "C" primary key,
    workspace_id  text collate "C" not null references workspaces (id),
    type          text not null,
    resource_id   text collate "C" not null,
    -- The payload, byte for byte as every attempt sends and signs it.
    body          text not null,
    created_at    timestamptz not null
);

create index webhook_events_by_age on webhook_events (created_at);

-- What an endpoint is owed: one row per event and endpoint, from the event's transaction until it is delivered or
-- given up. A worker claims a due row (next_attempt_at passed) with FOR UPDATE SKIP LOCKED and moves next_attempt_at
-- past the attempt's bounds, so a worker that dies mid-attempt leaves the row due again for any instance.
create table webhook_deliveries (
    endpoint_id      text collate "C" not null references webhook_endpoints (id) on delete cascade,
    event_id         text collate "C" not null references webhook_events (id) on delete cascade,
    status           text not null check (status in ('pending', 'delivered', 'failed')),
    attempts         integer not null default 0,
    -- While pending: when the next attempt is due.
    next_attempt_at  timestamptz,
    -- The retry period runs from here: the event, or the time the delivery was asked for again (the endpoint
    -- enabled again, a redelivery).
    owed_since       timestamptz not null,
    finished_at      timestamptz,
    primary key (endpoint_id, event_id)
);

create index webhook_deliveries_due on webhook_deliveries (endpoint_id, next_attempt_at) where status = 'pending';
create index webhook_deliveries_pending on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_by_event on webhook_deliveries (event_id);

-- Every attempt at a delivery, for the operator: what the endpoint answered, or why it could not.
create table webhook_delivery_attempts (
    id            text collate "C" primary key,
    endpoint_id   text collate "C" not null,
    event_id      text collate "C" not null,
    attempt       integer not null,
    -- When the attempt began.
    created_at    timestamptz not null,
    -- The endpoint's HTTP status, or null when there was no answer.
    status_code   integer,
    -- Why there was no answer (refused, timed out, ...), or null.
    error         text,
    duration_ms   integer not null,
    foreign key (endpoint_id, event_id) references webhook_deliveries (endpoint_id, event_id) on delete cascade
);

create index webhook_delivery_attempts_by_endpoint
    on webhook_delivery_attempts (endpoint_id, created_at desc, id desc);
create index webhook_delivery_attempts_by_delivery on webhook_delivery_attempts (endpoint_id, event_id);
