package dev.memstore.memory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code memories} table. Listing queries name {@code content} only for the full
 * view.
 */
@Repository
class MemoryRepository {

	private final JdbcClient jdbc;

	MemoryRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A memory of the store; whose the store is, the caller has checked.
	 */
	Optional<MemoryRow> find(String storeId, String memoryId, boolean withContent) {
		return this.jdbc
			.sql("select " + MemoryRow.columns(withContent)
					+ " from memories m where m.id = :id and m.memory_store_id = :store")
			.param("id", memoryId)
			.param("store", storeId)
			.query((rs, row) -> MemoryRow.read(rs, withContent))
			.optional();
	}

	Optional<MemoryRow> findByPath(String storeId, String path, boolean withContent) {
		return this.jdbc
			.sql("select " + MemoryRow.columns(withContent)
					+ " from memories m where m.memory_store_id = :store and m.path = :path")
			.param("store", storeId)
			.param("path", path)
			.query((rs, row) -> MemoryRow.read(rs, withContent))
			.optional();
	}

	/**
	 * The first memory, in byte order, other than {@code exceptId} whose path equals
	 * {@code path}, is one of its ancestors, or lies below it.
	 */
	Optional<MemoryRow> firstCollision(String storeId, String path, String exceptId) {
		return this.jdbc.sql("select " + MemoryRow.BASIC_COLUMNS + """
				 from memories m
				where m.memory_store_id = :store and m.id <> :except
				  and (m.path in (:selfAndAncestors) or (m.path >= :below and m.path < :end))
				order by m.path
				limit 1""")
			.param("store", storeId)
			.param("except", exceptId)
			.param("selfAndAncestors", MemoryPaths.selfAndAncestors(path))
			.param("below", path + "/")
			.param("end", MemoryPaths.subtreeEnd(path + "/"))
			.query((rs, row) -> MemoryRow.read(rs, false))
			.optional();
	}

	void insert(MemoryRow memory) {
		this.jdbc.sql("""
				insert into memories (id, memory_store_id, path, content, content_sha256, content_size_bytes,
				                      memory_version_id, created_at, updated_at)
				values (:id, :store, :path, :content, :sha256, :size, :version, :createdAt, :updatedAt)""")
			.param("id", memory.id())
			.param("store", memory.storeId())
			.param("path", memory.path())
			.param("content", memory.content())
			.param("sha256", memory.sha256())
			.param("size", memory.sizeBytes())
			.param("version", memory.versionId())
			.param("createdAt", utc(memory.createdAt()))
			.param("updatedAt", utc(memory.updatedAt()))
			.update();
	}

	void update(MemoryRow memory) {
		this.jdbc.sql("""
				update memories
				   set path = :path, content = :content, content_sha256 = :sha256, content_size_bytes = :size,
				       memory_version_id = :version, updated_at = :updatedAt
				 where id = :id""")
			.param("id", memory.id())
			.param("path", memory.path())
			.param("content", memory.content())
			.param("sha256", memory.sha256())
			.param("size", memory.sizeBytes())
			.param("version", memory.versionId())
			.param("updatedAt", utc(memory.updatedAt()))
			.update();
	}

	void delete(String memoryId) {
		this.jdbc.sql("delete from memories where id = :id").param("id", memoryId).update();
	}

	boolean isHead(String memoryId, String versionId) {
		return this.jdbc.sql("select count(*) from memories where id = :id and memory_version_id = :version")
			.param("id", memoryId)
			.param("version", versionId)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Memories under {@code prefix} whose paths lie in [{@code from}, {@code before}), in
	 * path order: a subtree, one page at a time.
	 */
	List<MemoryRow> range(String storeId, String prefix, String from, String before, boolean descending,
			boolean withContent, int rows) {
		return this.jdbc
			.sql("select " + MemoryRow.columns(withContent) + " from memories m"
					+ " where m.memory_store_id = :store and m.path >= :prefix and m.path < :end"
					+ " and m.path >= :from and m.path < :before order by m.path" + (descending ? " desc" : "")
					+ " limit :rows")
			.param("store", storeId)
			.param("prefix", prefix)
			.param("end", MemoryPaths.subtreeEnd(prefix))
			.param("from", from)
			.param("before", before)
			.param("rows", rows)
			.query((rs, row) -> MemoryRow.read(rs, withContent))
			.list();
	}

	/**
	 * The direct children of {@code prefix} in path order, one step per child, starting
	 * at {@code bound} (inclusive going forward, exclusive going backward). A step finds
	 * the next memory in the prefix's range with one index seek; if that memory lies in a
	 * subdirectory, the step stands for the whole subdirectory and the walk jumps past
	 * it. So a page costs the same wherever it starts and however large the store.
	 */
	List<WalkStep> walk(String storeId, String prefix, String bound, boolean descending, boolean withContent,
			int rows) {
		// Going forward, the walk continues after a memory at path || U+0001 and after a
		// directory d/ at d0; going backward, below the memory's path or below d/.
		String recursion = """
				with recursive walk (step, found, next_bound) as (
				    select 0, null::text collate "C", cast(:bound as text) collate "C"
				    union all
				    select walk.step + 1, hit.path, hit.next_bound
				      from walk
				     cross join lateral (
				        select m.path,
				               (case when strpos(substr(m.path, char_length(:prefix) + 1), '/') = 0
				                     then m.path%s
				                     else :prefix || split_part(substr(m.path, char_length(:prefix) + 1), '/', 1) || '%s'
				                end) collate "C" as next_bound
				          from memories m
				         where m.memory_store_id = :store and m.path >= :prefix and m.path < :end
				           and m.path %s walk.next_bound
				         order by m.path%s
				         limit 1) hit
				     where walk.step < :rows)
				"""
			.formatted(descending ? "" : " || chr(1)", descending ? "/" : "0", descending ? "<" : ">=",
					descending ? " desc" : "");
		// The memory of each step is looked up on its own (the limit keeps the planner
		// from turning the lookup into a join), so a generic plan cannot choose to read
		// the whole store to join it.
		String columns = MemoryRow.columns(withContent);
		String sql = recursion + "select walk.found, " + columns + " from walk left join lateral (select " + columns
				+ """
						 from memories m
						 where m.memory_store_id = :store and m.path = walk.found
						   and strpos(substr(walk.found, char_length(:prefix) + 1), '/') = 0
						 limit 1) m on true
						where walk.step > 0
						order by walk.step""";
		return this.jdbc.sql(sql)
			.param("store", storeId)
			.param("prefix", prefix)
			.param("end", MemoryPaths.subtreeEnd(prefix))
			.param("bound", bound)
			.param("rows", rows)
			.query((rs, row) -> new WalkStep(rs.getString("found"),
					(rs.getString("id") != null) ? MemoryRow.read(rs, withContent) : null))
			.list();
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * One step of a walk: the path found, and the memory when it is a direct child of the
	 * prefix.
	 */
	record WalkStep(String found, MemoryRow directChild) {

	}

	/**
	 * Per store, its live memories, their size and the time of its last version; the
	 * caller has checked whose the stores are.
	 */
	Map<String, StoreContents> contents(List<String> storeIds) {
		Map<String, StoreContents> contents = new HashMap<>();
		if (storeIds.isEmpty()) {
			return contents;
		}
		this.jdbc
			.sql("""
					select s.id,
					       (select count(*) from memories m where m.memory_store_id = s.id) as memories,
					       (select coalesce(sum(m.content_size_bytes), 0) from memories m where m.memory_store_id = s.id) as bytes,
					       (select max(v.created_at) from memory_versions v where v.memory_store_id = s.id) as last_write
					from unnest(cast(array[:ids] as text[])) as s(id)""")
			.param("ids", storeIds)
			.query((rs, row) -> {
				OffsetDateTime lastWrite = rs.getObject("last_write", OffsetDateTime.class);
				contents.put(rs.getString("id"), new StoreContents(rs.getLong("memories"), rs.getLong("bytes"),
						(lastWrite != null) ? lastWrite.toInstant() : null));
				return null;
			})
			.list();
		return contents;
	}

}
