-- The head of every live memory. Writers of a store serialize on the store's row lock, so the rules that span
-- memories (unique, non-nested paths; the per-store cap) hold under concurrency.
create table memories (
    id                 text collate "C" primary key,
    memory_store_id    text collate "C" not null references memory_stores (id) on delete cascade,
    -- Byte-wise order, so listings sort and prefix ranges scan as the API specifies.
    path               text collate "C" not null,
    content            text not null,
    content_sha256     text not null,
    content_size_bytes integer not null,
    memory_version_id  text collate "C" not null,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);

-- One path per store, and the listing index: it carries every column of a view=basic listing, so such a listing
-- can be answered from the index without touching the rows (or their content).
create unique index memories_by_path on memories (memory_store_id, path)
    include (id, content_sha256, content_size_bytes, memory_version_id, created_at, updated_at);

-- Append-only history: every create, modify and delete. Redaction is the only update: it nulls the content, path,
-- hash and size and records who redacted. Versions outlive their memory and go with their store.
create table memory_versions (
    id                 text collate "C" primary key,
    memory_store_id    text collate "C" not null references memory_stores (id) on delete cascade,
    memory_id          text collate "C" not null,
    operation          text not null check (operation in ('created', 'modified', 'deleted')),
    path               text collate "C",
    content            text,
    content_sha256     text,
    content_size_bytes integer,
    created_at         timestamptz not null,
    created_by_type    text not null,
    created_by_id      text collate "C" not null,
    redacted_at        timestamptz,
    redacted_by_type   text,
    redacted_by_id     text collate "C"
);

-- The version list order (created_at desc, id desc) within a store, optionally narrowed to one memory or one actor.
create index memory_versions_by_store on memory_versions (memory_store_id, created_at desc, id desc);
create index memory_versions_by_memory on memory_versions (memory_store_id, memory_id, created_at desc, id desc);
create index memory_versions_by_author
    on memory_versions (memory_store_id, created_by_type, created_by_id, created_at desc, id desc);
