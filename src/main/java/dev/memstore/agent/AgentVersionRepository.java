package dev.memstore.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.memstore.kernel.JsonColumns;
import dev.memstore.kernel.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code agent_versions} table: append-only, a version is never changed once written.
 */
@Repository
class AgentVersionRepository {

	private static final String COLUMNS = "agent_id, version, config, created_at";

	private final JdbcClient jdbc;

	private final JsonColumns json;

	AgentVersionRepository(JdbcClient jdbc, JsonColumns json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(AgentVersionRow version) {
		this.jdbc.sql("""
				insert into agent_versions (agent_id, version, config, created_at)
				values (:agentId, :version, cast(:config as jsonb), :createdAt)""")
			.param("agentId", version.agentId())
			.param("version", version.version())
			.param("config", this.json.write(version.config()))
			.param("createdAt", Timestamps.toSql(version.createdAt()))
			.update();
	}

	Optional<AgentVersionRow> find(String agentId, int version) {
		return this.jdbc
			.sql("select " + COLUMNS + " from agent_versions where agent_id = :agentId and version = :version")
			.param("agentId", agentId)
			.param("version", version)
			.query(this::read)
			.optional();
	}

	/**
	 * At most {@code rows} versions of an agent below {@code before}, newest first.
	 */
	List<AgentVersionRow> older(String agentId, int before, int rows) {
		return this.jdbc.sql("""
				select agent_id, version, config, created_at from agent_versions
				where agent_id = :agentId and version < :before
				order by version desc limit :rows""")
			.param("agentId", agentId)
			.param("before", before)
			.param("rows", rows)
			.query(this::read)
			.list();
	}

	private AgentVersionRow read(ResultSet rs, int row) throws SQLException {
		return new AgentVersionRow(rs.getString("agent_id"), rs.getInt("version"),
				this.json.readObject(rs.getString("config")), Timestamps.read(rs, "created_at"));
	}

}
