package dev.memstore.selfhosted;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.api.Caller;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.JsonColumns;
import dev.memstore.kernel.KeysetQuery;
import dev.memstore.kernel.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code work_items} and {@code work_pollers} tables. Every state change is one
 * statement on a row the caller locked, or one that takes its rows with
 * {@code FOR UPDATE SKIP LOCKED}, so several instances share the queue.
 */
@Repository
class WorkRepository {

	static final String ID_PREFIX = "work_";

	private static final String COLUMNS = "id, workspace_id, environment_id, session_id, state, metadata, created_at, "
			+ "delivered_at, delivered_to, deliveries, acknowledged_at, started_at, latest_heartbeat_at, "
			+ "last_heartbeat, ttl_seconds, lease_expires_at, stop_requested_at, stopped_at";

	/**
	 * What stopping an item for good sets, whichever way it stops: its token is revoked
	 * and no lease runs.
	 */
	private static final String STOPPED = "state = 'stopped', stopped_at = :now, "
			+ "stop_requested_at = coalesce(stop_requested_at, :now), token_sha256 = null, lease_expires_at = null";

	/** What a graceful stop sets: the holder keeps its token to finish. */
	private static final String STOPPING = "state = 'stopping', stop_requested_at = coalesce(stop_requested_at, :now)";

	/** The one conflict target that keeps a session at one live item. */
	private static final String ONE_LIVE_ITEM = "on conflict (session_id) where state <> 'stopped' do nothing";

	private final JdbcClient jdbc;

	private final JsonColumns json;

	WorkRepository(JdbcClient jdbc, JsonColumns json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Queues an item for a session unless it has a live one.
	 * @return whether an item was queued
	 */
	boolean queue(String workspaceId, String environmentId, String sessionId, Instant now) {
		return this.jdbc
			.sql("insert into work_items (id, workspace_id, environment_id, session_id, state, created_at) "
					+ "values (:id, :workspaceId, :environmentId, :sessionId, 'queued', :now) " + ONE_LIVE_ITEM)
			.param("id", Ids.next(ID_PREFIX))
			.param("workspaceId", workspaceId)
			.param("environmentId", environmentId)
			.param("sessionId", sessionId)
			.param("now", Timestamps.toSql(now))
			.update() == 1;
	}

	/**
	 * Delivers the oldest item of an environment that is queued and either never
	 * delivered or delivered before {@code reclaimBefore} without an acknowledgement,
	 * with a new sessions token.
	 */
	Optional<WorkRow> deliverNext(String workspaceId, String environmentId, Instant reclaimBefore, Instant now,
			String workerId, String tokenSha256) {
		return this.jdbc.sql("""
				with next as (
				    select id from work_items
				    where environment_id = :environmentId and workspace_id = :workspaceId and state = 'queued'
				      and (delivered_at is null or delivered_at <= :reclaimBefore)
				    order by created_at, id
				    limit 1
				    for update skip locked)
				update work_items w
				set delivered_at = :now, delivered_to = :workerId, deliveries = w.deliveries + 1,
				    token_sha256 = :tokenSha256
				from next where w.id = next.id
				returning """ + prefixed("w."))
			.param("environmentId", environmentId)
			.param("workspaceId", workspaceId)
			.param("reclaimBefore", Timestamps.toSql(reclaimBefore))
			.param("now", Timestamps.toSql(now))
			.param("workerId", workerId)
			.param("tokenSha256", tokenSha256)
			.query(this::read)
			.optional();
	}

	/**
	 * An item of the workspace's environment; with {@code lock}, its row stays locked
	 * until the transaction ends.
	 */
	Optional<WorkRow> find(String workspaceId, String environmentId, String id, boolean lock) {
		if (!Ids.isWellFormed(id, ID_PREFIX)) {
			return Optional.empty();
		}
		return this.jdbc.sql("select " + COLUMNS + """
				 from work_items where id = :id and environment_id = :environmentId and workspace_id = :workspaceId
				""" + (lock ? " for update" : ""))
			.param("id", id)
			.param("environmentId", environmentId)
			.param("workspaceId", workspaceId)
			.query(this::read)
			.optional();
	}

	void acknowledge(String id, Instant now, Instant leaseExpiresAt) {
		this.jdbc.sql("""
				update work_items set state = 'starting', acknowledged_at = :now, lease_expires_at = :leaseExpiresAt
				where id = :id""")
			.param("id", id)
			.param("now", Timestamps.toSql(now))
			.param("leaseExpiresAt", Timestamps.toSql(leaseExpiresAt))
			.update();
	}

	void heartbeat(String id, Instant now, String lastHeartbeat, int ttlSeconds) {
		this.jdbc.sql("""
				update work_items set state = 'active', started_at = coalesce(started_at, :now),
				       latest_heartbeat_at = :now, last_heartbeat = :lastHeartbeat, ttl_seconds = :ttl,
				       lease_expires_at = :leaseExpiresAt
				where id = :id""")
			.param("id", id)
			.param("now", Timestamps.toSql(now))
			.param("lastHeartbeat", lastHeartbeat)
			.param("ttl", ttlSeconds)
			.param("leaseExpiresAt", Timestamps.toSql(now.plusSeconds(ttlSeconds)))
			.update();
	}

	void stopping(String id, Instant now) {
		this.jdbc.sql("update work_items set " + STOPPING + " where id = :id")
			.param("id", id)
			.param("now", Timestamps.toSql(now))
			.update();
	}

	/**
	 * Stops an item for good and revokes its sessions token.
	 */
	void stop(String id, Instant now) {
		this.jdbc.sql("update work_items set " + STOPPED + " where id = :id")
			.param("id", id)
			.param("now", Timestamps.toSql(now))
			.update();
	}

	void updateMetadata(String id, Map<String, String> metadata) {
		this.jdbc.sql("update work_items set metadata = cast(:metadata as jsonb) where id = :id")
			.param("id", id)
			.param("metadata", this.json.write(metadata))
			.update();
	}

	/**
	 * Stops a session's live item, if it has one.
	 * @param graceful whether an item a worker holds only goes to stopping, so that its
	 * worker, told by its next heartbeat, flushes the session's memory with its token and
	 * stops it; an item no worker holds stops at once either way
	 */
	void stopLiveOf(String sessionId, Instant now, boolean graceful) {
		if (graceful) {
			this.jdbc
				.sql("update work_items set " + STOPPING
						+ " where session_id = :sessionId and state in ('starting', 'active')")
				.param("sessionId", sessionId)
				.param("now", Timestamps.toSql(now))
				.update();
		}
		this.jdbc
			.sql("update work_items set " + STOPPED + " where session_id = :sessionId and "
					+ (graceful ? "state = 'queued'" : "state <> 'stopped'"))
			.param("sessionId", sessionId)
			.param("now", Timestamps.toSql(now))
			.update();
	}

	/**
	 * Puts every starting or active item whose lease ran out back in the queue, as if
	 * never delivered: its heartbeat and acknowledgement cleared, its token revoked.
	 * Items other transactions hold are left for the next sweep.
	 * @param environmentId only this environment's, or {@code null} for all
	 * @return the environment of each item put back
	 */
	List<String> requeueExpired(String environmentId, Instant now) {
		return this.jdbc.sql("""
				with expired as (
				    select id from work_items
				    where state in ('starting', 'active') and lease_expires_at <= :now
				""" + ((environmentId != null) ? " and environment_id = :environmentId" : "") + """
				    for update skip locked)
				update work_items w
				set state = 'queued', delivered_at = null, token_sha256 = null, acknowledged_at = null,
				    last_heartbeat = null, ttl_seconds = null, lease_expires_at = null
				from expired where w.id = expired.id
				returning w.environment_id""")
			.param("now", Timestamps.toSql(now))
			.param("environmentId", environmentId)
			.query(String.class)
			.list();
	}

	/**
	 * Stops every stopping item whose worker let its lease run out without the final
	 * stop.
	 */
	List<WorkRow> stopExpiredStopping(Instant now) {
		return this.jdbc
			.sql("""
					with expired as (
					    select id from work_items where state = 'stopping' and lease_expires_at <= :now
					    for update skip locked)
					update work_items w set\s""" + STOPPED + " from expired where w.id = expired.id returning"
					+ prefixed("w."))
			.param("now", Timestamps.toSql(now))
			.query(this::read)
			.list();
	}

	/**
	 * The caller a live sessions token's hash stands for: valid while its item is not
	 * stopped and this delivery's token is the item's current one.
	 */
	Optional<Caller> authenticate(String tokenSha256) {
		return this.jdbc.sql("""
				select id, workspace_id, environment_id, session_id from work_items
				where token_sha256 = :hash and state <> 'stopped'""")
			.param("hash", tokenSha256)
			.query((rs, row) -> new Caller(rs.getString("workspace_id"),
					new Caller.SessionsToken(rs.getString("id"), rs.getString("environment_id"),
							rs.getString("session_id"))))
			.optional();
	}

	List<WorkRow> list(String workspaceId, String environmentId, List<String> after, int limit) {
		return KeysetQuery.newestFirst()
			.equal("workspace_id", workspaceId)
			.equal("environment_id", environmentId)
			.after(after)
			.limit(limit)
			.list(this.jdbc, "select " + COLUMNS + " from work_items", this::read);
	}

	List<WorkRow> ofSession(String workspaceId, String sessionId, int limit) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from work_items where session_id = :sessionId and workspace_id = :workspaceId
				order by created_at desc, id desc limit :limit""")
			.param("sessionId", sessionId)
			.param("workspaceId", workspaceId)
			.param("limit", limit)
			.query(this::read)
			.list();
	}

	WorkQueueStats stats(String workspaceId, String environmentId, Instant pollersSince) {
		return this.jdbc.sql("""
				select count(*) filter (where delivered_at is null) as depth,
				       count(*) filter (where delivered_at is not null) as pending,
				       min(created_at) as oldest,
				       (select count(*) from work_pollers p
				        where p.environment_id = :environmentId and p.workspace_id = :workspaceId
				          and p.last_polled_at > :since) as workers
				from work_items
				where environment_id = :environmentId and workspace_id = :workspaceId and state = 'queued'""")
			.param("environmentId", environmentId)
			.param("workspaceId", workspaceId)
			.param("since", Timestamps.toSql(pollersSince))
			.query((rs, row) -> {
				int workers = rs.getInt("workers");
				return new WorkQueueStats(WorkQueueStats.TYPE, rs.getLong("depth"), rs.getLong("pending"),
						Timestamps.read(rs, "oldest"), (workers > 0) ? workers : null);
			})
			.single();
	}

	/** Queued items on every instance, for the gauge. */
	long queued() {
		return this.jdbc.sql("select count(*) from work_items where state = 'queued'").query(Long.class).single();
	}

	void polled(String workspaceId, String environmentId, String workerId, Instant now) {
		this.jdbc.sql("""
				insert into work_pollers (environment_id, worker_id, workspace_id, last_polled_at)
				values (:environmentId, :workerId, :workspaceId, :now)
				on conflict (environment_id, worker_id) do update set last_polled_at = excluded.last_polled_at""")
			.param("environmentId", environmentId)
			.param("workerId", workerId)
			.param("workspaceId", workspaceId)
			.param("now", Timestamps.toSql(now))
			.update();
	}

	List<PollingWorker> pollers(String workspaceId, String environmentId, int limit) {
		return this.jdbc.sql("""
				select worker_id, last_polled_at from work_pollers
				where environment_id = :environmentId and workspace_id = :workspaceId
				order by last_polled_at desc, worker_id limit :limit""")
			.param("environmentId", environmentId)
			.param("workspaceId", workspaceId)
			.param("limit", limit)
			.query((rs, row) -> new PollingWorker(rs.getString("worker_id"), Timestamps.read(rs, "last_polled_at")))
			.list();
	}

	int forgetPollersBefore(Instant before) {
		return this.jdbc.sql("delete from work_pollers where last_polled_at < :before")
			.param("before", Timestamps.toSql(before))
			.update();
	}

	private static String prefixed(String alias) {
		return " " + alias + COLUMNS.replace(", ", ", " + alias);
	}

	private WorkRow read(ResultSet rs, int row) throws SQLException {
		return new WorkRow(rs.getString("id"), rs.getString("workspace_id"), rs.getString("environment_id"),
				rs.getString("session_id"), WorkState.of(rs.getString("state")),
				this.json.readMetadata(rs.getString("metadata")), Timestamps.read(rs, "created_at"),
				Timestamps.read(rs, "delivered_at"), rs.getString("delivered_to"), rs.getInt("deliveries"),
				Timestamps.read(rs, "acknowledged_at"), Timestamps.read(rs, "started_at"),
				Timestamps.read(rs, "latest_heartbeat_at"), rs.getString("last_heartbeat"),
				rs.getObject("ttl_seconds", Integer.class), Timestamps.read(rs, "lease_expires_at"),
				Timestamps.read(rs, "stop_requested_at"), Timestamps.read(rs, "stopped_at"));
	}

}
