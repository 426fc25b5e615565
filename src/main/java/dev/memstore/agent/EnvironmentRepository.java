package dev.memstore.agent;

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
 * The {@code environments} table, as whole rows.
 */
@Repository
class EnvironmentRepository {

	private static final String COLUMNS = "id, workspace_id, name, description, config, metadata, scope, "
			+ "other_fields, created_at, updated_at, archived_at";

	private final JdbcClient jdbc;

	private final JsonColumns json;

	EnvironmentRepository(JdbcClient jdbc, JsonColumns json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(EnvironmentRow environment) {
		this.jdbc
			.sql("""
					insert into environments (id, workspace_id, name, description, config, metadata, scope, other_fields,
					                          created_at, updated_at, archived_at)
					values (:id, :workspaceId, :name, :description, cast(:config as jsonb), cast(:metadata as jsonb), :scope,
					        cast(:otherFields as jsonb), :createdAt, :updatedAt, :archivedAt)""")
			.params(columns(environment))
			.update();
	}

	/**
	 * An environment of the workspace; with {@code lock}, its row stays locked until the
	 * transaction ends, so that writers take turns.
	 */
	Optional<EnvironmentRow> find(String id, String workspaceId, boolean lock) {
		return this.jdbc
			.sql("select " + COLUMNS + " from environments where id = :id and workspace_id = :workspaceId"
					+ (lock ? " for update" : ""))
			.param("id", id)
			.param("workspaceId", workspaceId)
			.query(this::read)
			.optional();
	}

	/**
	 * Writes every column an environment's row may change.
	 */
	void update(EnvironmentRow environment) {
		this.jdbc.sql("""
				update environments set name = :name, description = :description, config = cast(:config as jsonb),
				       metadata = cast(:metadata as jsonb), scope = :scope, other_fields = cast(:otherFields as jsonb),
				       updated_at = :updatedAt, archived_at = :archivedAt
				where id = :id""").params(columns(environment)).update();
	}

	int deleteOwned(String id, String workspaceId) {
		return this.jdbc.sql("delete from environments where id = :id and workspace_id = :workspaceId")
			.param("id", id)
			.param("workspaceId", workspaceId)
			.update();
	}

	List<EnvironmentRow> list(KeysetQuery query) {
		return query.list(this.jdbc, "select " + COLUMNS + " from environments", this::read);
	}

	/**
	 * Every column of the row, as the insert and the update bind them; the update uses
	 * those it may change.
	 */
	private Map<String, Object> columns(EnvironmentRow environment) {
		Map<String, Object> columns = new HashMap<>();
		columns.put("id", environment.id());
		columns.put("workspaceId", environment.workspaceId());
		columns.put("name", environment.name());
		columns.put("description", environment.description());
		columns.put("config", this.json.write(environment.config()));
		columns.put("metadata", this.json.write(environment.metadata()));
		columns.put("scope", environment.scope());
		columns.put("otherFields", this.json.write(environment.otherFields()));
		columns.put("createdAt", Timestamps.toSql(environment.createdAt()));
		columns.put("updatedAt", Timestamps.toSql(environment.updatedAt()));
		columns.put("archivedAt", Timestamps.toSql(environment.archivedAt()));
		return columns;
	}

	private EnvironmentRow read(ResultSet rs, int row) throws SQLException {
		return new EnvironmentRow(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
				rs.getString("description"), this.json.readObject(rs.getString("config")),
				this.json.readMetadata(rs.getString("metadata")), rs.getString("scope"),
				this.json.readObject(rs.getString("other_fields")), Timestamps.read(rs, "created_at"),
				Timestamps.read(rs, "updated_at"), Timestamps.read(rs, "archived_at"));
	}

}
