package dev.memstore.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.memstore.kernel.KeysetQuery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.memstore.memory.MemoryRepository.utc;

/**
 * The append-only {@code memory_versions} table; redaction is its only update.
 */
@Repository
class MemoryVersionRepository {

	private final JdbcClient jdbc;

	MemoryVersionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(MemoryVersionRow version) {
		this.jdbc.sql("""
				insert into memory_versions (id, memory_store_id, memory_id, operation, path, content, content_sha256,
				                             content_size_bytes, created_at, created_by_type, created_by_id,
				                             copied_from_store_id, copied_from_version_id)
				values (:id, :store, :memory, :operation, :path, :content, :sha256, :size, :createdAt, :actorType,
				        :actorId, :copiedFromStore, :copiedFromVersion)""")
			.param("id", version.id())
			.param("store", version.storeId())
			.param("memory", version.memoryId())
			.param("operation", version.operation().wireName())
			.param("path", version.path())
			.param("content", version.content())
			.param("sha256", version.sha256())
			.param("size", version.sizeBytes())
			.param("createdAt", utc(version.createdAt()))
			.param("actorType", version.createdBy().type())
			.param("actorId", version.createdBy().actorId())
			.param("copiedFromStore", (version.copiedFrom() != null) ? version.copiedFrom().memoryStoreId() : null)
			.param("copiedFromVersion", (version.copiedFrom() != null) ? version.copiedFrom().memoryVersionId() : null)
			.update();
	}

	/**
	 * A version of the store; whose the store is, the caller has checked.
	 */
	Optional<MemoryVersionRow> find(String storeId, String versionId, boolean withContent) {
		return this.jdbc
			.sql("select " + MemoryVersionRow.columns(withContent)
					+ " from memory_versions v where v.id = :id and v.memory_store_id = :store")
			.param("id", versionId)
			.param("store", storeId)
			.query((rs, row) -> MemoryVersionRow.read(rs, withContent))
			.optional();
	}

	/**
	 * Versions of a store matching {@code query}, newest first, after the cursor's
	 * position when given.
	 */
	List<MemoryVersionRow> list(String storeId, MemoryVersionQuery query, List<String> after, int limit) {
		boolean withContent = query.view() == MemoryView.FULL;
		return KeysetQuery.newestFirst()
			.alias("v")
			.equal("memory_store_id", storeId)
			.where("v.memory_id = :memory", "memory", query.memoryId())
			.where("v.operation = :operation", "operation",
					(query.operation() != null) ? query.operation().wireName() : null)
			.where("v.created_by_type = 'session_actor' and v.created_by_id = :session", "session", query.sessionId())
			.where("v.created_by_type = 'api_actor' and v.created_by_id = :apiKey", "apiKey", query.apiKeyId())
			.where("v.created_by_type = 'service_account_actor' and v.created_by_id = :serviceAccount",
					"serviceAccount", query.serviceAccountId())
			.createdWithin(query.createdAt())
			.after(after)
			.limit(limit)
			.list(this.jdbc, "select " + MemoryVersionRow.columns(withContent) + " from memory_versions v",
					(rs, row) -> MemoryVersionRow.read(rs, withContent));
	}

	/**
	 * Stores a redaction made by {@link MemoryVersionRow#redacted}.
	 */
	void redact(MemoryVersionRow redacted) {
		redactAll(List.of(redacted.id()), redacted.redactedAt(), redacted.redactedBy());
	}

	/**
	 * The versions a forget redacts: unredacted ones of the given memories, or whose path
	 * lies under the prefix.
	 */
	List<String> forgettable(String storeId, List<String> memoryIds, String prefix) {
		return this.jdbc.sql("""
				select id from memory_versions
				 where memory_store_id = :store and redacted_at is null
				   and (memory_id in (:ids) or (path >= :prefix and path < :end))
				 order by created_at, id""")
			.param("store", storeId)
			.param("ids", memoryIds.isEmpty() ? List.of("") : memoryIds)
			.param("prefix", prefix)
			.param("end", MemoryPaths.subtreeEnd(prefix))
			.query(String.class)
			.list();
	}

	/**
	 * Redacts versions all at once, as {@link #redact} does one.
	 */
	void redactAll(List<String> versionIds, Instant at, Actor redactor) {
		if (versionIds.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				update memory_versions
				   set content = null, path = null, content_sha256 = null, content_size_bytes = null,
				       redacted_at = :at, redacted_by_type = :byType, redacted_by_id = :byId
				 where id in (:ids)""")
			.param("ids", versionIds)
			.param("at", utc(at))
			.param("byType", redactor.type())
			.param("byId", redactor.actorId())
			.update();
	}

}
