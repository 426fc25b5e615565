package dev.memstore.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.kernel.Ids;
import dev.memstore.kernel.Timestamps;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dispatcher's transactions: claiming due deliveries, recording each attempt with
 * what follows from it (delivered, retried later, given up, the endpoint disabled), and
 * deleting events past their retention.
 */
@Service
@Transactional
class WebhookDeliveries {

	static final String ATTEMPT_ID_PREFIX = "whdlv_";

	static final int DELETE_BATCH = 1000;

	private final WebhookDeliveryRepository deliveries;

	private final WebhookEventRepository events;

	private final WebhookProperties properties;

	private final RetrySchedule schedule;

	WebhookDeliveries(WebhookDeliveryRepository deliveries, WebhookEventRepository events,
			WebhookProperties properties) {
		this.deliveries = deliveries;
		this.events = events;
		this.properties = properties;
		this.schedule = new RetrySchedule();
	}

	List<DeliveryClaim> claim(int slots, Map<String, Integer> inFlight) {
		Instant now = Timestamps.now();
		return this.deliveries.claim(slots, this.properties.concurrencyPerEndpoint(), inFlight, now,
				now.plus(this.properties.claimLease()));
	}

	@Transactional(readOnly = true)
	Optional<Instant> nextDue() {
		return this.deliveries.nextDue();
	}

	/**
	 * Records an attempt and what follows from it. A failure is retried on the schedule
	 * until the delivery's retry period is over; then the delivery is given up, and its
	 * endpoint, if nothing was delivered to it in all that time, is disabled.
	 */
	Recorded record(DeliveryClaim claim, AttemptResult result) {
		if (!this.deliveries.recordAttempt(Ids.next(ATTEMPT_ID_PREFIX), claim, result)) {
			return new Recorded(Outcome.GONE, null);
		}
		Instant now = Timestamps.now();
		if (result.succeeded()) {
			this.deliveries.delivered(claim, now);
			return new Recorded(Outcome.DELIVERED, null);
		}
		Instant deadline = claim.owedSince().plus(this.properties.retryPeriod());
		Instant next = this.schedule.next(now, claim.attempts() + 1, deadline);
		if (next != null) {
			this.deliveries.retryAt(claim, next);
			return new Recorded(Outcome.RETRYING, null);
		}
		this.deliveries.givenUp(claim, now);
		String reason = "every attempt to deliver event " + claim.eventId() + " failed for "
				+ describe(this.properties.retryPeriod()) + " (memstore.webhooks.retry-period), and nothing was "
				+ "delivered to the endpoint meanwhile; last attempt: " + result.describe();
		boolean disabled = this.deliveries.disableIfNoSuccessSince(claim.endpointId(), claim.owedSince(), reason, now);
		return new Recorded(Outcome.GAVE_UP, disabled ? reason : null);
	}

	/**
	 * What an attempt came to, once recorded.
	 *
	 * @param disabledBecause why the endpoint was disabled by this attempt, or
	 * {@code null} when it was not
	 */
	record Recorded(Outcome outcome, String disabledBecause) {

	}

	enum Outcome {

		/** The delivery is gone: its endpoint was deleted meanwhile. */
		GONE,

		DELIVERED,

		RETRYING,

		/** The retry period is over. */
		GAVE_UP

	}

	/**
	 * Deletes a batch of the events older than the retention, with their deliveries.
	 * @return how many were deleted; a full batch means more may be left
	 */
	int deleteExpired() {
		return this.events.deleteCreatedBefore(Timestamps.now().minus(this.properties.retention()), DELETE_BATCH);
	}

	static String describe(Duration duration) {
		if (duration.toSeconds() % 3600 == 0) {
			return duration.toHours() + " h";
		}
		if (duration.toMillis() % 1000 == 0) {
			return duration.toSeconds() + " s";
		}
		return duration.toMillis() + " ms";
	}

}
