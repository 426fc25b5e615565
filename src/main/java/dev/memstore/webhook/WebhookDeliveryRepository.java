package dev.memstore.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.kernel.KeysetQuery;
import dev.memstore.kernel.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code webhook_deliveries} table, what endpoints are owed, and
 * {@code webhook_delivery_attempts}, every attempt at it; and what an attempt changes of
 * its endpoint in {@code webhook_endpoints}.
 */
@Repository
class WebhookDeliveryRepository {

	private final JdbcClient jdbc;

	WebhookDeliveryRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims up to {@code slots} due deliveries of enabled endpoints, the longest due
	 * first, at most {@code perEndpoint} of each endpoint less what this instance already
	 * sends it, skipping those another worker is claiming: each claimed delivery is not
	 * due again until {@code leaseUntil}.
	 * @param inFlight this instance's attempts under way, by endpoint
	 */
	List<DeliveryClaim> claim(int slots, int perEndpoint, Map<String, Integer> inFlight, Instant now,
			Instant leaseUntil) {
		return this.jdbc.sql("""
				with claimable as (
				    select due.endpoint_id, due.event_id, due.next_attempt_at
				    from webhook_endpoints endpoint
				    left join unnest(cast(:busyEndpoints as text[]), cast(:busyCounts as integer[]))
				        as busy (endpoint_id, attempts) on busy.endpoint_id = endpoint.id
				    cross join lateral (
				        select delivery.endpoint_id, delivery.event_id, delivery.next_attempt_at
				        from webhook_deliveries delivery
				        where delivery.endpoint_id = endpoint.id and delivery.status = 'pending'
				            and delivery.next_attempt_at <= :now
				        order by delivery.next_attempt_at
				        limit greatest(:perEndpoint - coalesce(busy.attempts, 0), 0)
				        for update of delivery skip locked) due
				    where endpoint.state = 'enabled'
				    order by due.next_attempt_at
				    limit :slots
				)
				update webhook_deliveries delivery set next_attempt_at = :leaseUntil
				from claimable, webhook_events event, webhook_endpoints endpoint
				where delivery.endpoint_id = claimable.endpoint_id and delivery.event_id = claimable.event_id
				    and event.id = delivery.event_id and endpoint.id = delivery.endpoint_id
				returning delivery.endpoint_id, delivery.event_id, event.type, endpoint.url, endpoint.signing_secret,
				    event.body, delivery.attempts, delivery.owed_since""")
			.param("busyEndpoints", inFlight.keySet().toArray(String[]::new))
			.param("busyCounts", inFlight.values().toArray(Integer[]::new))
			.param("perEndpoint", perEndpoint)
			.param("now", Timestamps.toSql(now))
			.param("leaseUntil", Timestamps.toSql(leaseUntil))
			.param("slots", slots)
			.query((rs, row) -> new DeliveryClaim(rs.getString("endpoint_id"), rs.getString("event_id"),
					rs.getString("type"), rs.getString("url"), rs.getString("signing_secret"), rs.getString("body"),
					rs.getInt("attempts"), Timestamps.read(rs, "owed_since")))
			.list();
	}

	/**
	 * When the next delivery of an enabled endpoint is due, if any is.
	 */
	Optional<Instant> nextDue() {
		return this.jdbc.sql("""
				select delivery.next_attempt_at from webhook_deliveries delivery
				join webhook_endpoints endpoint on endpoint.id = delivery.endpoint_id and endpoint.state = 'enabled'
				where delivery.status = 'pending'
				order by delivery.next_attempt_at limit 1""")
			.query((rs, row) -> Timestamps.read(rs, "next_attempt_at"))
			.optional();
	}

	/**
	 * Records an attempt, if the delivery still exists (its endpoint may have been
	 * deleted meanwhile), and counts it on the delivery.
	 * @return whether the delivery still exists
	 */
	boolean recordAttempt(String attemptId, DeliveryClaim claim, AttemptResult result) {
		int recorded = this.jdbc.sql("""
				insert into webhook_delivery_attempts (id, endpoint_id, event_id, attempt, created_at, status_code,
				                                       error, duration_ms)
				select :id, endpoint_id, event_id, :attempt, :createdAt, :statusCode, :error, :durationMs
				from webhook_deliveries where endpoint_id = :endpoint and event_id = :event""")
			.param("id", attemptId)
			.param("endpoint", claim.endpointId())
			.param("event", claim.eventId())
			.param("attempt", claim.attempts() + 1)
			.param("createdAt", Timestamps.toSql(result.startedAt()))
			.param("statusCode", result.statusCode())
			.param("error", result.error())
			.param("durationMs", result.duration().toMillis())
			.update();
		this.jdbc.sql(
				"update webhook_deliveries set attempts = attempts + 1 where endpoint_id = :endpoint and event_id = :event")
			.param("endpoint", claim.endpointId())
			.param("event", claim.eventId())
			.update();
		return recorded > 0;
	}

	void delivered(DeliveryClaim claim, Instant now) {
		finish(claim, "delivered", now);
		this.jdbc.sql("update webhook_endpoints set last_success_at = :now where id = :endpoint")
			.param("endpoint", claim.endpointId())
			.param("now", Timestamps.toSql(now))
			.update();
	}

	void retryAt(DeliveryClaim claim, Instant next) {
		this.jdbc.sql(
				"update webhook_deliveries set next_attempt_at = :next where endpoint_id = :endpoint and event_id = :event")
			.param("endpoint", claim.endpointId())
			.param("event", claim.eventId())
			.param("next", Timestamps.toSql(next))
			.update();
	}

	void givenUp(DeliveryClaim claim, Instant now) {
		finish(claim, "failed", now);
	}

	private void finish(DeliveryClaim claim, String status, Instant now) {
		this.jdbc.sql("""
				update webhook_deliveries set status = :status, next_attempt_at = null, finished_at = :now
				where endpoint_id = :endpoint and event_id = :event""")
			.param("endpoint", claim.endpointId())
			.param("event", claim.eventId())
			.param("status", status)
			.param("now", Timestamps.toSql(now))
			.update();
	}

	/**
	 * Disables an enabled endpoint that has succeeded at nothing since {@code since}.
	 * @return whether this call disabled it: true once, however many workers try
	 */
	boolean disableIfNoSuccessSince(String endpointId, Instant since, String reason, Instant now) {
		return this.jdbc.sql("""
				update webhook_endpoints set state = 'disabled', disabled_reason = :reason, updated_at = :now
				where id = :id and state = 'enabled' and (last_success_at is null or last_success_at < :since)""")
			.param("id", endpointId)
			.param("since", Timestamps.toSql(since))
			.param("reason", reason)
			.param("now", Timestamps.toSql(now))
			.update() > 0;
	}

	/**
	 * The attempts made to an endpoint, newest first.
	 */
	List<WebhookDelivery> attempts(String endpointId, List<String> after, int limit) {
		return KeysetQuery.newestFirst()
			.alias("attempt")
			.equal("endpoint_id", endpointId)
			.after(after)
			.limit(limit)
			.list(this.jdbc, """
					select attempt.id, attempt.event_id, event.type, attempt.attempt, attempt.created_at,
					       attempt.status_code, attempt.error, attempt.duration_ms, delivery.status
					from webhook_delivery_attempts attempt
					join webhook_events event on event.id = attempt.event_id
					join webhook_deliveries delivery on delivery.endpoint_id = attempt.endpoint_id
					    and delivery.event_id = attempt.event_id""", WebhookDeliveryRepository::readAttempt);
	}

	/**
	 * Owes an event to an endpoint again, with a fresh retry period, whatever its
	 * delivery came to.
	 * @return whether the event had been owed to the endpoint
	 */
	boolean owedAgain(String endpointId, String eventId, Instant now) {
		return this.jdbc.sql("""
				update webhook_deliveries set status = 'pending', next_attempt_at = :now, owed_since = :now,
				       finished_at = null
				where endpoint_id = :endpoint and event_id = :event""")
			.param("endpoint", endpointId)
			.param("event", eventId)
			.param("now", Timestamps.toSql(now))
			.update() > 0;
	}

	/**
	 * Owes an endpoint again every delivery given up, with a fresh retry period.
	 * @return how many
	 */
	int failedOwedAgain(String endpointId, Instant now) {
		return this.jdbc.sql("""
				update webhook_deliveries set status = 'pending', next_attempt_at = :now, owed_since = :now,
				       finished_at = null
				where endpoint_id = :endpoint and status = 'failed'""")
			.param("endpoint", endpointId)
			.param("now", Timestamps.toSql(now))
			.update();
	}

	/**
	 * Restarts what an endpoint was still owed when it was disabled: due now, with a
	 * fresh retry period.
	 */
	void resumePending(String endpointId, Instant now) {
		this.jdbc.sql("""
				update webhook_deliveries set next_attempt_at = :now, owed_since = :now
				where endpoint_id = :endpoint and status = 'pending'""")
			.param("endpoint", endpointId)
			.param("now", Timestamps.toSql(now))
			.update();
	}

	/**
	 * Deliveries of enabled endpoints not yet made, on every instance; {@code retrying}
	 * counts only those that failed at least once.
	 */
	long pending(boolean retrying) {
		return this.jdbc.sql("""
				select count(*) from webhook_deliveries delivery
				join webhook_endpoints endpoint on endpoint.id = delivery.endpoint_id and endpoint.state = 'enabled'
				where delivery.status = 'pending'""" + (retrying ? " and delivery.attempts > 0" : ""))
			.query(Long.class)
			.single();
	}

	private static WebhookDelivery readAttempt(ResultSet rs, int row) throws SQLException {
		int statusCode = rs.getInt("status_code");
		Integer answered = rs.wasNull() ? null : statusCode;
		return new WebhookDelivery(rs.getString("id"), WebhookDelivery.TYPE, rs.getString("event_id"),
				rs.getString("type"), rs.getInt("attempt"), Timestamps.read(rs, "created_at"), answered,
				rs.getString("error"), rs.getLong("duration_ms"), rs.getString("status"));
	}

}
