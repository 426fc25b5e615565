package dev.memstore.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of webhooks, under {@code memstore.webhooks}.
 *
 * @param requirePublicHttps refuse endpoint URLs that are not {@code https} or whose host
 * resolves to a private, loopback, link-local or otherwise non-public address, when an
 * endpoint is registered and again before every attempt. Off by default: memstore is
 * self-hosted, and its receivers often live next to it.
 * @param retryPeriod how long a delivery is retried before it is given up; an endpoint
 * that succeeded at nothing during a given-up delivery's whole period is disabled
 * @param connectTimeout the longest an attempt waits to connect
 * @param timeout the longest an attempt waits for the endpoint's answer once connected
 * @param concurrency the attempts this instance makes at once, over all endpoints
 * @param concurrencyPerEndpoint the attempts this instance makes at once to one endpoint,
 * so that a slow endpoint holds at most this many of the others' places
 * @param retention how long events are kept, delivered or not; an endpoint disabled
 * longer than this loses what it was still owed
 * @param pollInterval the longest an instance waits before it looks again for due
 * deliveries; it wakes at once for events written on it and when its next retry is due
 * @param endpointsPerWorkspace the endpoints a workspace may hold, enabled or disabled,
 * as the platform allows an organization
 */
@ConfigurationProperties("memstore.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean requirePublicHttps,
		@DefaultValue("24h") Duration retryPeriod, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("15s") Duration timeout, @DefaultValue("8") int concurrency,
		@DefaultValue("2") int concurrencyPerEndpoint, @DefaultValue("7d") Duration retention,
		@DefaultValue("10s") Duration pollInterval, @DefaultValue("32") int endpointsPerWorkspace) {

	public WebhookProperties {
		requirePositive("retry-period", retryPeriod);
		requirePositive("connect-timeout", connectTimeout);
		requirePositive("timeout", timeout);
		requirePositive("poll-interval", pollInterval);
		if (concurrency < 1 || concurrencyPerEndpoint < 1) {
			throw new IllegalArgumentException(
					"memstore.webhooks.concurrency and concurrency-per-endpoint must be at least 1");
		}
		if (retention.compareTo(retryPeriod) < 0) {
			throw new IllegalArgumentException(
					"memstore.webhooks.retention (" + retention + ") must be at least memstore.webhooks.retry-period ("
							+ retryPeriod + "): an event must outlive its retries");
		}
	}

	/**
	 * How long a claimed delivery stays out of every other worker's reach: longer than an
	 * attempt can take, so that only a worker that died leaves it due again.
	 */
	Duration claimLease() {
		return this.connectTimeout.plus(this.timeout).plusSeconds(30);
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("memstore.webhooks." + name + " must be positive, got " + value);
		}
	}

}
