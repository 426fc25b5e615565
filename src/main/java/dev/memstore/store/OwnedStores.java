package dev.memstore.store;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What other modules ask of a store without needing the store itself, each in one plain
 * statement: whose it is, whether a workspace owns it, how many memories it holds.
 */
@Component
class OwnedStores {

	private final JdbcClient jdbc;

	OwnedStores(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	boolean exists(String workspaceId, String storeId) {
		return this.jdbc
			.sql("select exists (select 1 from memory_stores where id = :id and workspace_id = :workspaceId)")
			.param("id", storeId)
			.param("workspaceId", workspaceId)
			.query(Boolean.class)
			.single();
	}

	Optional<String> workspaceOf(String storeId) {
		return this.jdbc.sql("select workspace_id from memory_stores where id = :id")
			.param("id", storeId)
			.query(String.class)
			.optional();
	}

	/**
	 * Those of the ids that name stores of the workspace.
	 */
	List<String> ownedAmong(String workspaceId, List<String> storeIds) {
		return this.jdbc.sql("select id from memory_stores where id in (:ids) and workspace_id = :workspaceId")
			.param("ids", storeIds)
			.param("workspaceId", workspaceId)
			.query(String.class)
			.list();
	}

	/**
	 * The store's live memories, as the database counts them on every insert and delete
	 * of a memory (the trigger of migrations V8 and V12).
	 */
	int memoryCount(String storeId) {
		return this.jdbc.sql("select memory_count from memory_stores where id = :id")
			.param("id", storeId)
			.query(Integer.class)
			.single();
	}

	/**
	 * The bytes of the store's live memories, as the database adds them up on every write
	 * of a memory (the trigger of migration V12).
	 */
	long memoryBytes(String storeId) {
		return this.jdbc.sql("select memory_bytes from memory_stores where id = :id")
			.param("id", storeId)
			.query(Long.class)
			.single();
	}

	/**
	 * The memory stores of a workspace, archived ones included.
	 */
	int countIn(String workspaceId) {
		return this.jdbc.sql("select count(*) from memory_stores where workspace_id = :workspaceId")
			.param("workspaceId", workspaceId)
			.query(Integer.class)
			.single();
	}

}
