package dev.memstore.kernel;

import java.util.function.IntSupplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one rule of the per-workspace quotas on what a workspace holds (memory stores,
 * sessions): creators of one kind of object in one workspace take turns until their
 * transactions end, so that the count a creator reads cannot change before it commits,
 * and the creation that would go beyond the quota is refused with
 * {@code invalid_request_error} naming the setting. A quota of {@code 0} is off and costs
 * nothing.
 */
@Component
public class WorkspaceQuota {

	private final JdbcClient jdbc;

	public WorkspaceQuota(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Refuses unless the workspace holds fewer than {@code quota} of the kind.
	 * @param kind what is counted, in the plural, as the message says it ("memory
	 * stores")
	 * @param setting the setting that holds the quota, named in the message
	 * @param count how many the workspace holds, read after the lock is taken
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void requireRoom(String workspaceId, String kind, int quota, String setting, IntSupplier count) {
		if (quota <= 0) {
			return;
		}
		// A transaction-scoped advisory lock on (kind, workspace): it ends with the
		// transaction, and other workspaces and other kinds never wait on it.
		this.jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.param("key", kind + "|" + workspaceId)
			.query((rs, row) -> 1)
			.list();
		int held = count.getAsInt();
		if (held >= quota) {
			throw ApiException.invalidRequest("workspace " + workspaceId + " already holds " + held + " " + kind
					+ ", the most a workspace may hold (" + setting + " = " + quota
					+ "); delete some before creating more");
		}
	}

}
