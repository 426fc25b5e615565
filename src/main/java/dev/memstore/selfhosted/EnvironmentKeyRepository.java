package dev.memstore.selfhosted;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.memstore.api.Caller;
import dev.memstore.kernel.KeysetQuery;
import dev.memstore.kernel.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code environment_keys} table.
 */
@Repository
class EnvironmentKeyRepository {

	private static final String COLUMNS = "id, workspace_id, environment_id, name, secret_sha256, partial_key_hint, "
			+ "created_at, revoked_at";

	private final JdbcClient jdbc;

	EnvironmentKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(EnvironmentKeyRow key) {
		this.jdbc.sql("""
				insert into environment_keys (id, workspace_id, environment_id, name, secret_sha256, partial_key_hint,
				                              created_at)
				values (:id, :workspaceId, :environmentId, :name, :secretSha256, :hint, :createdAt)""")
			.param("id", key.id())
			.param("workspaceId", key.workspaceId())
			.param("environmentId", key.environmentId())
			.param("name", key.name())
			.param("secretSha256", key.secretSha256())
			.param("hint", key.partialKeyHint())
			.param("createdAt", Timestamps.toSql(key.createdAt()))
			.update();
	}

	/**
	 * The caller an active key's hash stands for. One indexed statement per request, not
	 * remembered: a revocation holds on every instance the moment it commits, and workers
	 * call far less often than API clients.
	 */
	Optional<Caller> authenticate(String secretSha256) {
		return this.jdbc.sql("""
				select id, workspace_id, environment_id from environment_keys
				where secret_sha256 = :hash and revoked_at is null""")
			.param("hash", secretSha256)
			.query((rs, row) -> new Caller(rs.getString("workspace_id"),
					new Caller.EnvironmentKey(rs.getString("id"), rs.getString("environment_id"))))
			.optional();
	}

	Optional<EnvironmentKeyRow> find(String id, String workspaceId, String environmentId) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from environment_keys
				where id = :id and workspace_id = :workspaceId and environment_id = :environmentId""")
			.param("id", id)
			.param("workspaceId", workspaceId)
			.param("environmentId", environmentId)
			.query(EnvironmentKeyRepository::read)
			.optional();
	}

	List<EnvironmentKeyRow> list(String workspaceId, String environmentId, List<String> after, int limit) {
		return KeysetQuery.newestFirst()
			.equal("workspace_id", workspaceId)
			.equal("environment_id", environmentId)
			.after(after)
			.limit(limit)
			.list(this.jdbc, "select " + COLUMNS + " from environment_keys", EnvironmentKeyRepository::read);
	}

	int countActive(String workspaceId) {
		return this.jdbc
			.sql("select count(*) from environment_keys where workspace_id = :workspaceId and revoked_at is null")
			.param("workspaceId", workspaceId)
			.query(Integer.class)
			.single();
	}

	/**
	 * Revokes a key unless it is revoked already.
	 * @return when the key was revoked: {@code now}, or the first revocation's time
	 */
	Instant revoke(String id, Instant now) {
		return this.jdbc
			.sql("update environment_keys set revoked_at = coalesce(revoked_at, :now) where id = :id "
					+ "returning revoked_at")
			.param("id", id)
			.param("now", Timestamps.toSql(now))
			.query((rs, row) -> Timestamps.read(rs, "revoked_at"))
			.single();
	}

	private static EnvironmentKeyRow read(ResultSet rs, int row) throws SQLException {
		return new EnvironmentKeyRow(rs.getString("id"), rs.getString("workspace_id"), rs.getString("environment_id"),
				rs.getString("name"), rs.getString("secret_sha256"), rs.getString("partial_key_hint"),
				Timestamps.read(rs, "created_at"), Timestamps.read(rs, "revoked_at"));
	}

}
