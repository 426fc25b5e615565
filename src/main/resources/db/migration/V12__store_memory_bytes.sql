-- The bytes of live memory content in each store, kept by the database beside memory_count (V8) on every insert,
-- delete and content change of a memory, whatever the code path: the per-store byte quota then reads one row of the
-- (already locked) store. Version history is not counted: it is the store's past, not what it holds.
alter table memory_stores add column memory_bytes bigint not null default 0;

update memory_stores s set memory_bytes = coalesce((select sum(m.content_size_bytes) from memories m
                                                    where m.memory_store_id = s.id), 0);

-- One function keeps both figures, so that a memory written costs its store one row update, as before.
drop trigger memories_counted on memories;
drop function count_store_memories();

create function count_store_memories() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        update memory_stores set memory_count = memory_count + 1, memory_bytes = memory_bytes + new.content_size_bytes
            where id = new.memory_store_id;
    elsif tg_op = 'DELETE' then
        update memory_stores set memory_count = memory_count - 1, memory_bytes = memory_bytes - old.content_size_bytes
            where id = old.memory_store_id;
    elsif new.content_size_bytes <> old.content_size_bytes then
        update memory_stores set memory_bytes = memory_bytes + new.content_size_bytes - old.content_size_bytes
            where id = new.memory_store_id;
    end if;
    return null;
end
$$;

-- A memory never changes stores (a move between stores is a create and a delete).
create trigger memories_counted after insert or delete or update of content_size_bytes on memories
    for each row execute function count_store_memories();
