package dev.memstore.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The meters of webhook deliveries: finished deliveries by outcome, failed attempts by
 * kind, attempts' duration, endpoints disabled, and the backlog on every instance.
 */
@Component
class WebhookMetrics {

	private final MeterRegistry meters;

	private final Counter disabled;

	WebhookMetrics(MeterRegistry meters, WebhookDeliveryRepository deliveries) {
		this.meters = meters;
		this.disabled = Counter.builder("memstore.webhooks.endpoints.disabled")
			.description("Endpoints memstore disabled after a delivery failed for its whole retry period")
			.register(meters);
		Gauge.builder("memstore.webhooks.pending", deliveries, (repository) -> repository.pending(false))
			.description("Deliveries to enabled endpoints not made yet, on every instance (one query per scrape)")
			.register(meters);
		Gauge.builder("memstore.webhooks.retrying", deliveries, (repository) -> repository.pending(true))
			.description("Deliveries to enabled endpoints waiting for a retry after a failed attempt, "
					+ "on every instance (one query per scrape)")
			.register(meters);
	}

	void attempted(AttemptResult result) {
		Timer.builder("memstore.webhooks.attempt.duration")
			.description("Time an attempt at a delivery took, by outcome")
			.tag("outcome", result.succeeded() ? "succeeded" : "failed")
			.register(this.meters)
			.record(result.duration());
		if (!result.succeeded()) {
			Counter.builder("memstore.webhooks.failures")
				.description("Failed attempts at a delivery, by kind: status (a non-2xx answer), timeout, "
						+ "connection, refused (memstore.webhooks.require-public-https)")
				.tag("kind", result.failure())
				.register(this.meters)
				.increment();
		}
	}

	/**
	 * @param outcome {@code delivered} or {@code failed} (given up)
	 */
	void finished(String outcome) {
		Counter.builder("memstore.webhooks.deliveries")
			.description("Deliveries finished, by outcome: delivered, or failed (given up after the retry period)")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	void endpointDisabled() {
		this.disabled.increment();
	}

}
