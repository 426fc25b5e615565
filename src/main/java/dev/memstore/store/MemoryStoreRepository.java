package dev.memstore.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.kernel.JsonColumns;
import dev.memstore.kernel.KeysetQuery;
import dev.memstore.kernel.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code memory_stores} table, as whole rows.
 */
@Repository
class MemoryStoreRepository {

	private static final String COLUMNS = "id, workspace_id, name, description, metadata, created_at, updated_at, "
			+ "archived_at";

	private final JdbcClient jdbc;

	private final JsonColumns json;

	MemoryStoreRepository(JdbcClient jdbc, JsonColumns json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(MemoryStoreRow store) {
		this.jdbc.sql("""
				insert into memory_stores (id, workspace_id, name, description, metadata, created_at, updated_at,
				                           archived_at)
				values (:id, :workspaceId, :name, :description, cast(:metadata as jsonb), :createdAt, :updatedAt,
				        :archivedAt)""").params(columns(store)).update();
	}

	/**
	 * A store of the workspace; with {@code lock}, its row stays locked until the
	 * transaction ends, so that writers of one store take turns.
	 */
	Optional<MemoryStoreRow> find(String id, String workspaceId, boolean lock) {
		return this.jdbc
			.sql("select " + COLUMNS + " from memory_stores where id = :id and workspace_id = :workspaceId"
					+ (lock ? " for update" : ""))
			.param("id", id)
			.param("workspaceId", workspaceId)
			.query(this::read)
			.optional();
	}

	/**
	 * Writes what a store's row may change: name, description, metadata and its
	 * timestamps.
	 */
	void update(MemoryStoreRow store) {
		this.jdbc.sql("""
				update memory_stores set name = :name, description = :description, metadata = cast(:metadata as jsonb),
				       updated_at = :updatedAt, archived_at = :archivedAt
				where id = :id""").params(columns(store)).update();
	}

	/**
	 * Deletes a store; the database removes everything that references it.
	 */
	int deleteOwned(String id, String workspaceId) {
		return this.jdbc.sql("delete from memory_stores where id = :id and workspace_id = :workspaceId")
			.param("id", id)
			.param("workspaceId", workspaceId)
			.update();
	}

	List<MemoryStoreRow> list(KeysetQuery query) {
		return query.list(this.jdbc, "select " + COLUMNS + " from memory_stores", this::read);
	}

	/**
	 * Every column of the row, as the insert and the update bind them; the update uses
	 * those it may change.
	 */
	private Map<String, Object> columns(MemoryStoreRow store) {
		Map<String, Object> columns = new HashMap<>();
		columns.put("id", store.id());
		columns.put("workspaceId", store.workspaceId());
		columns.put("name", store.name());
		columns.put("description", store.description());
		columns.put("metadata", this.json.write(store.metadata()));
		columns.put("createdAt", Timestamps.toSql(store.createdAt()));
		columns.put("updatedAt", Timestamps.toSql(store.updatedAt()));
		columns.put("archivedAt", Timestamps.toSql(store.archivedAt()));
		return columns;
	}

	private MemoryStoreRow read(ResultSet rs, int row) throws SQLException {
		return new MemoryStoreRow(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
				rs.getString("description"), this.json.readMetadata(rs.getString("metadata")),
				Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"),
				Timestamps.read(rs, "archived_at"));
	}

}
