package dev.memstore.webhook;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One attempt at delivering an event to an endpoint, as the operator API lists them:
 * memstore's own object.
 *
 * @param id {@code whdlv_…}
 * @param eventId the event's id, also the {@code webhook-id} header of every attempt
 * @param attempt 1 for the first attempt at the event, 2 for its first retry, …
 * @param createdAt when the attempt began
 * @param statusCode the endpoint's HTTP status, or {@code null} when it did not answer
 * @param error why there was no answer (refused, timed out, …), or {@code null}
 * @param durationMs how long the attempt took
 * @param deliveryStatus where the event's delivery to the endpoint stands now:
 * {@code pending} (a retry is due, or the endpoint is disabled), {@code delivered} or
 * {@code failed} (given up)
 */
@JsonPropertyOrder({ "id", "type", "event_id", "event_type", "attempt", "created_at", "status_code", "error",
		"duration_ms", "delivery_status" })
public record WebhookDelivery(String id, String type, String eventId, String eventType, int attempt, Instant createdAt,
		Integer statusCode, String error, long durationMs, String deliveryStatus) {

	static final String TYPE = "webhook_delivery";

	/**
	 * Whether the endpoint answered with a 2xx status.
	 */
	public boolean succeeded() {
		return this.statusCode != null && this.statusCode >= 200 && this.statusCode < 300;
	}

}
