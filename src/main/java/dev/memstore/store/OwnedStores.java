package dev.memstore.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a workspace owns a store, in one plain statement: reads of a store's contents
 * only need to know that, not the store itself.
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

}
