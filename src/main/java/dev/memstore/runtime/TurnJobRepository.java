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

	void enqueue(String sessionId) {
		this.jdbc.sql("""
				insert into turn_jobs (session_id, created_at) values (:session, clock_timestamp())
				on conflict (session_id) do nothing""").param("session", sessionId).update();
	}

	/**
	 * Claims the oldest job that nobody holds, or whose holder stopped heartbeating; jobs
	 * other workers are claiming at the same moment are skipped, not waited for.
	 */
	Optional<String> claim(String workerId, Duration lease) {
		return this.jdbc.sql("""
				with next as (
				    select session_id from turn_jobs
				    where claimed_by is null or heartbeat_at < clock_timestamp() - make_interval(secs => :lease)
				    order by created_at
				    for update skip locked
				    limit 1)
				update turn_jobs j set claimed_by = :worker, heartbeat_at = clock_timestamp(), claims = j.claims + 1
				from next where j.session_id = next.session_id
				returning j.session_id""")
			.param("worker", workerId)
			.param("lease", lease.toMillis() / 1000.0)
			.query(String.class)
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

}
