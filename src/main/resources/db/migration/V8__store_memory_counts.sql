-- The number of live memories in each store, kept by the database on every insert and delete of a memory, whatever
-- the code path: the per-store cap then reads one row of the (already locked) store instead of counting the store's
-- memories on every create.
alter table memory_stores add column memory_count integer not null default 0;

update memory_stores s set memory_count = (select count(*) from memories m where m.memory_store_id = s.id);

create function count_store_memories() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        update memory_stores set memory_count = memory_count + 1 where id = new.memory_store_id;
    else
        update memory_stores set memory_count = memory_count - 1 where id = old.memory_store_id;
    end if;
    return null;
end
$$;

-- A memory never changes stores (a move between stores is a create and a delete), so updates need no counting.
create trigger memories_counted after insert or delete on memories
    for each row execute function count_store_memories();
