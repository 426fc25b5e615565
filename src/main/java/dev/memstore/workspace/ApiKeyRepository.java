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
 * The {@code api_keys} table, for the operator's management of keys; authentication reads
 * it through {@link ActiveApiKeys}.
 */
@Repository
class ApiKeyRepository {

	private static final String COLUMNS = "id, workspace_id, name, secret_sha256, partial_key_hint, bootstrap, "
			+ "created_at, revoked_at";

	private final JdbcClient jdbc;

	ApiKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ApiKeyRow key) {
		this.jdbc
			.sql("""
					insert into api_keys (id, workspace_id, name, secret_sha256, partial_key_hint, bootstrap, created_at,
					                      revoked_at)
					values (:id, :workspaceId, :name, :secretSha256, :partialKeyHint, :bootstrap, :createdAt, :revokedAt)""")
			.param("id", key.id())
			.param("workspaceId", key.workspaceId())
			.param("name", key.name())
			.param("secretSha256", key.secretSha256())
			.param("partialKeyHint", key.partialKeyHint())
			.param("bootstrap", key.bootstrap())
			.param("createdAt", Timestamps.toSql(key.createdAt()))
			.param("revokedAt", Timestamps.toSql(key.revokedAt()))
			.update();
	}

	Optional<ApiKeyRow> findBySecretSha256(String secretSha256) {
		return this.jdbc.sql("select " + COLUMNS + " from api_keys where secret_sha256 = :secretSha256")
			.param("secretSha256", secretSha256)
			.query(this::read)
			.optional();
	}

	/**
	 * The keys of a workspace, oldest first.
	 */
	List<ApiKeyRow> ofWorkspace(String workspaceId) {
		return this.jdbc
			.sql("select " + COLUMNS + " from api_keys where workspace_id = :workspaceId order by created_at, id")
			.param("workspaceId", workspaceId)
			.query(this::read)
			.list();
	}

	Optional<ApiKeyRow> find(String id, String workspaceId) {
		return this.jdbc.sql("select " + COLUMNS + " from api_keys where id = :id and workspace_id = :workspaceId")
			.param("id", id)
			.param("workspaceId", workspaceId)
			.query(this::read)
			.optional();
	}

	/**
	 * Revokes a key unless it is revoked already.
	 * @return when the key was revoked: {@code now}, or the first revocation's time
	 */
	Instant revoke(String id, Instant now) {
		return this.jdbc
			.sql("update api_keys set revoked_at = coalesce(revoked_at, :now) where id = :id returning revoked_at")
			.param("id", id)
			.param("now", Timestamps.toSql(now))
			.query((rs, row) -> Timestamps.read(rs, "revoked_at"))
			.single();
	}

	int revokeBootstrapKeys(Instant now) {
		return this.jdbc.sql("update api_keys set revoked_at = :now where bootstrap and revoked_at is null")
			.param("now", Timestamps.toSql(now))
			.update();
	}

	/**
	 * Adds the configured bootstrap key unless a key with this secret exists; safe when
	 * several instances start at once.
	 */
	int insertBootstrapIfAbsent(String id, String workspaceId, String name, String secretSha256, String partialKeyHint,
			Instant createdAt) {
		return this.jdbc.sql("""
				insert into api_keys (id, workspace_id, name, secret_sha256, partial_key_hint, bootstrap, created_at)
				values (:id, :workspaceId, :name, :secretSha256, :partialKeyHint, true, :createdAt)
				on conflict (secret_sha256) do nothing""")
			.param("id", id)
			.param("workspaceId", workspaceId)
			.param("name", name)
			.param("secretSha256", secretSha256)
			.param("partialKeyHint", partialKeyHint)
			.param("createdAt", Timestamps.toSql(createdAt))
			.update();
	}

	private ApiKeyRow read(ResultSet rs, int row) throws SQLException {
		return new ApiKeyRow(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
				rs.getString("secret_sha256"), rs.getString("partial_key_hint"), rs.getBoolean("bootstrap"),
				Timestamps.read(rs, "created_at"), Timestamps.read(rs, "revoked_at"));
	}

}
