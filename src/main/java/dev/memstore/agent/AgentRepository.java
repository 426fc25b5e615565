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
 * The {@code agents} table, the head of each agent.
 */
@Repository
class AgentRepository {

	private static final String COLUMNS = "id, workspace_id, version, config, created_at, updated_at, archived_at";

	private final JdbcClient jdbc;

	private final JsonColumns json;

	AgentRepository(JdbcClient jdbc, JsonColumns json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(AgentRow agent) {
		this.jdbc.sql("""
				insert into agents (id, workspace_id, version, config, created_at, updated_at, archived_at)
				values (:id, :workspaceId, :version, cast(:config as jsonb), :createdAt, :updatedAt, :archivedAt)""")
			.params(columns(agent))
			.update();
	}

	/**
	 * An agent of the workspace; with {@code lock}, its row stays locked until the
	 * transaction ends, so that concurrent updates number their versions one after the
	 * other.
	 */
	Optional<AgentRow> find(String id, String workspaceId, boolean lock) {
		return this.jdbc
			.sql("select " + COLUMNS + " from agents where id = :id and workspace_id = :workspaceId"
					+ (lock ? " for update" : ""))
			.param("id", id)
			.param("workspaceId", workspaceId)
			.query(this::read)
			.optional();
	}

	/**
	 * Writes what an agent's head may change: its version, configuration and timestamps.
	 */
	void update(AgentRow agent) {
		this.jdbc.sql("""
				update agents set version = :version, config = cast(:config as jsonb), updated_at = :updatedAt,
				       archived_at = :archivedAt
				where id = :id""").params(columns(agent)).update();
	}

	List<AgentRow> list(KeysetQuery query) {
		return query.list(this.jdbc, "select " + COLUMNS + " from agents", this::read);
	}

	/**
	 * Every column of the row, as the insert and the update bind them; the update uses
	 * those it may change.
	 */
	private Map<String, Object> columns(AgentRow agent) {
		Map<String, Object> columns = new HashMap<>();
		columns.put("id", agent.id());
		columns.put("workspaceId", agent.workspaceId());
		columns.put("version", agent.version());
		columns.put("config", this.json.write(agent.config()));
		columns.put("createdAt", Timestamps.toSql(agent.createdAt()));
		columns.put("updatedAt", Timestamps.toSql(agent.updatedAt()));
		columns.put("archivedAt", Timestamps.toSql(agent.archivedAt()));
		return columns;
	}

	private AgentRow read(ResultSet rs, int row) throws SQLException {
		return new AgentRow(rs.getString("id"), rs.getString("workspace_id"), rs.getInt("version"),
				this.json.readObject(rs.getString("config")), Timestamps.read(rs, "created_at"),
				Timestamps.read(rs, "updated_at"), Timestamps.read(rs, "archived_at"));
	}

}
