package dev.memstore.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code turn_jobs} table: which sessions have work, and which worker holds it.
 */
@Repository
class TurnJobRepository {

	private final JdbcClient jdbc;

	TurnJobRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Sessions whose work waits for a worker: jobs nobody holds.
	 */
	long unclaimed() {
		return this.jdbc.sql("select count(*) from turn_jobs where claimed_by is null").query(Long.class).single();
	}

	/**
	 * Queues work for a session, unless it already has a job; the session is the
	 * caller's, locked by the transaction that queues its message.
	 */
	void enqueue(String sessionId, String workspaceId) {
		this.jdbc.sql("""
				insert into turn_jobs (session_id, workspace_id, created_at)
				values (:session, :workspace, clock_timestamp())
				on conflict (session_id) do nothing""")
			.param("session", sessionId)
			.param("workspace", workspaceId)
			.update();
	}

	/**
	 * Claims the oldest job that nobody holds, or whose holder stopped heartbeating (a
	 * crash of its turn), skipping the workspaces that already hold {@code share} of this
	 * worker's jobs; jobs other workers are claiming at the same moment are skipped, not
	 * waited for.
	 */
	Optional<Claim> claim(String workerId, Duration lease, int share) {
		return this.jdbc.sql("""
				with held as (
				    select workspace_id from turn_jobs
				    where claimed_by = :worker and heartbeat_at >= clock_timestamp() - make_interval(secs => :lease)
				    group by workspace_id
				    having count(*) >= :share),
				next as (
				    select session_id from turn_jobs
				    where (claimed_by is null or heartbeat_at < clock_timestamp() - make_interval(secs => :lease))
				      and workspace_id not in (select workspace_id from held)
				    order by created_at
				    for update skip locked
				    limit 1)
				update turn_jobs j set claimed_by = :worker, heartbeat_at = clock_timestamp(), claims = j.claims + 1,
				    crashes = j.crashes + (case when j.claimed_by is null then 0 else 1 end)
				from next where j.session_id = next.session_id
				returning j.session_id, j.crashes""")
			.param("worker", workerId)
			.param("lease", lease.toMillis() / 1000.0)
			.param("share", share)
			.query((row, number) -> new Claim(row.getString("session_id"), row.getInt("crashes")))
			.optional();
	}

	void heartbeat(String workerId, Collection<String> sessionIds) {
		if (!sessionIds.isEmpty()) {
			this.jdbc.sql("""
					update turn_jobs set heartbeat_at = clock_timestamp()
					where claimed_by = :worker and session_id in (:sessions)""")
				.param("worker", workerId)
				.param("sessions", sessionIds)
				.update();
		}
	}

	/**
	 * Counts a crash of the session's turn on a job this worker holds.
	 * @return the crashes of the turn so far, or empty if the worker no longer holds it
	 */
	Optional<Integer> countCrash(String sessionId, String workerId) {
		return this.jdbc.sql("""
				update turn_jobs set crashes = crashes + 1
				where session_id = :session and claimed_by = :worker
				returning crashes""")
			.param("session", sessionId)
			.param("worker", workerId)
			.query(Integer.class)
			.optional();
	}

	/**
	 * Forgets the crashes of a turn that ended or of one that starts.
	 */
	void resetCrashes(String sessionId) {
		this.jdbc.sql("update turn_jobs set crashes = 0 where session_id = :session and crashes > 0")
			.param("session", sessionId)
			.update();
	}

	void delete(String sessionId, String workerId) {
		this.jdbc.sql("delete from turn_jobs where session_id = :session and claimed_by = :worker")
			.param("session", sessionId)
			.param("worker", workerId)
			.update();
	}

	/**
	 * Hands a job back, for another worker to take up at once.
	 */
	void release(String sessionId, String workerId) {
		this.jdbc.sql("""
				update turn_jobs set claimed_by = null, heartbeat_at = null
				where session_id = :session and claimed_by = :worker""")
			.param("session", sessionId)
			.param("worker", workerId)
			.update();
	}

	/**
	 * A job a worker claimed.
	 *
	 * @param crashes how often the session's current turn crashed a worker, this claim
	 * included when it took the job over from a worker that stopped heartbeating
	 */
	record Claim(String sessionId, int crashes) {

	}

}
