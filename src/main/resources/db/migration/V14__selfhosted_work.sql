-- Self-hosted environments: the keys their workers poll with, the work queue those workers drain, and which workers
-- polled lately. Only hashes of secrets are stored: a key's secret is shown once, a sessions token travels only in the
-- poll answer that delivers it.

create table environment_keys (
    id                text collate "C" primary key,
    workspace_id      text collate "C" not null references workspaces (id),
    -- No foreign key: a deleted environment's keys stay listed (and harmless, as nothing is queued for it).
    environment_id    text collate "C" not null,
    name              text not null,
    secret_sha256     text not null unique,
    partial_key_hint  text not null,
    created_at        timestamptz not null,
    revoked_at        timestamptz
);

create index environment_keys_by_environment on environment_keys (environment_id, created_at desc, id desc);
create index environment_keys_active_by_workspace on environment_keys (workspace_id) where revoked_at is null;

-- One row per work item. An item is offered while queued; a poll delivers it (delivered_at, a fresh sessions token),
-- an ack makes it starting, the first heartbeat active. A lease that runs out (lease_expires_at) puts it back in the
-- queue with its heartbeat cleared and its token revoked. Rows are never deleted; stopped is final.
create table work_items (
    id                   text collate "C" primary key,
    workspace_id         text collate "C" not null references workspaces (id),
    environment_id       text collate "C" not null,
    -- No foreign key: a deleted session's items stay, stopped, as its history.
    session_id           text collate "C" not null,
    state                text not null check (state in ('queued', 'starting', 'active', 'stopping', 'stopped')),
    metadata             jsonb not null default '{}',
    created_at           timestamptz not null,
    -- The last delivery by a poll, and the Anthropic-Worker-ID of that poll (null when it sent none).
    delivered_at         timestamptz,
    delivered_to         text,
    deliveries           integer not null default 0,
    -- The hash of the live sessions token; null before the first delivery and once the token is revoked.
    token_sha256         text unique,
    acknowledged_at      timestamptz,
    started_at           timestamptz,
    latest_heartbeat_at  timestamptz,
    -- The opaque value the holder echoes in expected_last_heartbeat; null when there has been none since the claim.
    last_heartbeat       text,
    ttl_seconds          integer,
    -- While starting (the claim window), active (the ttl) or stopping: when the holder's lease runs out.
    lease_expires_at     timestamptz,
    stop_requested_at    timestamptz,
    stopped_at           timestamptz
);

-- At most one live item per session, whatever races between a message, a stop and a lease expiry.
create unique index work_items_live_per_session on work_items (session_id) where state <> 'stopped';
create index work_items_queue on work_items (environment_id, created_at, id) where state = 'queued';
create index work_items_by_environment on work_items (environment_id, created_at desc, id desc);
create index work_items_by_session on work_items (session_id, created_at desc, id desc);
create index work_items_leases on work_items (lease_expires_at) where state in ('starting', 'active', 'stopping');

-- The workers that polled an environment lately, by the Anthropic-Worker-ID they sent; pruned after a day.
create table work_pollers (
    environment_id  text collate "C" not null,
    worker_id       text not null,
    workspace_id    text collate "C" not null references workspaces (id),
    last_polled_at  timestamptz not null,
    primary key (environment_id, worker_id)
);
