package dev.memstore.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.memstore.kernel.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code workspaces} table.
 */
@Repository
class WorkspaceRepository {

	private static final String COLUMNS = "id, name, is_default, created_at";

	private final JdbcClient jdbc;

	WorkspaceRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(WorkspaceRow workspace) {
		this.jdbc.sql(
				"insert into workspaces (id, name, is_default, created_at) values (:id, :name, :isDefault, :createdAt)")
			.param("id", workspace.id())
			.param("name", workspace.name())
			.param("isDefault", workspace.isDefault())
			.param("createdAt", Timestamps.toSql(workspace.createdAt()))
			.update();
	}

	/**
	 * Creates the default workspace unless one exists; safe when several instances start
	 * at once.
	 */
	int insertDefaultIfAbsent(String id, String name, Instant createdAt) {
		return this.jdbc.sql("""
				insert into workspaces (id, name, is_default, created_at) values (:id, :name, true, :createdAt)
				on conflict (is_default) where is_default do nothing""")
			.param("id", id)
			.param("name", name)
			.param("createdAt", Timestamps.toSql(createdAt))
			.update();
	}

	Optional<WorkspaceRow> find(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from workspaces where id = :id")
			.param("id", id)
			.query(this::read)
			.optional();
	}

	Optional<WorkspaceRow> findDefault() {
		return this.jdbc.sql("select " + COLUMNS + " from workspaces where is_default").query(this::read).optional();
	}

	/**
	 * Every workspace, oldest first.
	 */
	List<WorkspaceRow> all() {
		return this.jdbc.sql("select " + COLUMNS + " from workspaces order by created_at, id").query(this::read).list();
	}

	private WorkspaceRow read(ResultSet rs, int row) throws SQLException {
		return new WorkspaceRow(rs.getString("id"), rs.getString("name"), rs.getBoolean("is_default"),
				Timestamps.read(rs, "created_at"));
	}

}
