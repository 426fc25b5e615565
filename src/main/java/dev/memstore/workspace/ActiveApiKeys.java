package dev.memstore.workspace;

import java.util.Optional;

import dev.memstore.api.Caller;
import dev.memstore.kernel.EntityFlush;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The caller an active key's hash stands for, in one plain statement: every API request
 * asks, so it runs outside any transaction and without an entity.
 */
@Component
class ActiveApiKeys {

	private final JdbcClient jdbc;

	private final EntityFlush flush;

	ActiveApiKeys(JdbcClient jdbc, EntityFlush flush) {
		this.jdbc = jdbc;
		this.flush = flush;
	}

	/**
	 * Flushes first: outside a transaction, as on every request, that costs nothing; in
	 * one that issued or revoked a key, the SQL sees it.
	 */
	Optional<Caller> find(String secretSha256) {
		this.flush.beforeSqlRead();
		return this.jdbc
			.sql("select workspace_id, id from api_keys where secret_sha256 = :secretSha256 and revoked_at is null")
			.param("secretSha256", secretSha256)
			.query((row, number) -> new Caller(row.getString("workspace_id"), row.getString("id")))
			.optional();
	}

}
