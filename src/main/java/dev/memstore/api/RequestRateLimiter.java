package dev.memstore.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per key, in this instance's memory: each holds at most
 * {@code requestsPerMinute} requests and refills evenly, {@code requestsPerMinute} per
 * minute, as the real API's limits do. A bucket that has refilled completely is the same
 * as none, so such buckets are dropped, at most once a minute: what stays in memory is
 * the keys that made a request in the last minute.
 */
final class RequestRateLimiter {

	private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

	private final int requestsPerMinute;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final AtomicLong lastSweep;

	RequestRateLimiter(int requestsPerMinute, long nowNanos) {
		if (requestsPerMinute <= 0) {
			throw new IllegalArgumentException("requestsPerMinute must be positive, got " + requestsPerMinute);
		}
		this.requestsPerMinute = requestsPerMinute;
		this.lastSweep = new AtomicLong(nowNanos);
	}

	/**
	 * Takes one request from the key's bucket, if there is one to take.
	 */
	Decision take(String key, long nowNanos) {
		Bucket bucket = this.buckets.compute(key,
				(id, current) -> ((current != null) ? current : full(nowNanos)).take(nowNanos, this.requestsPerMinute));
		sweepIfDue(nowNanos);
		double perNano = this.requestsPerMinute / (double) NANOS_PER_MINUTE;
		Duration untilFull = Duration.ofNanos((long) Math.ceil((this.requestsPerMinute - bucket.tokens()) / perNano));
		Duration retryAfter = bucket.admitted() ? Duration.ZERO
				: Duration.ofNanos((long) Math.ceil((1 - bucket.tokens()) / perNano));
		return new Decision(bucket.admitted(), this.requestsPerMinute, (long) Math.floor(bucket.tokens()), untilFull,
				retryAfter);
	}

	/**
	 * The keys whose buckets are remembered.
	 */
	int size() {
		return this.buckets.size();
	}

	private Bucket full(long nowNanos) {
		return new Bucket(this.requestsPerMinute, nowNanos, true);
	}

	private void sweepIfDue(long nowNanos) {
		long last = this.lastSweep.get();
		if (nowNanos - last < NANOS_PER_MINUTE || !this.lastSweep.compareAndSet(last, nowNanos)) {
			return;
		}
		// Under the map's lock per key, as take is: a request and the sweep never race.
		this.buckets.keySet()
			.forEach((key) -> this.buckets.computeIfPresent(key,
					(id, bucket) -> bucket.refilled(nowNanos, this.requestsPerMinute) ? null : bucket));
	}

	/**
	 * What one request met.
	 *
	 * @param admitted whether it may go on
	 * @param limit the requests of a full bucket
	 * @param remaining whole requests left in the bucket after this one
	 * @param untilFull how long until the bucket is full again
	 * @param retryAfter for a refused request, how long until the bucket holds one
	 * request
	 */
	record Decision(boolean admitted, int limit, long remaining, Duration untilFull, Duration retryAfter) {

	}

	/**
	 * A bucket as of a moment: the requests it held then, and whether the request that
	 * left it so was admitted.
	 */
	private record Bucket(double tokens, long atNanos, boolean admitted) {

		Bucket take(long nowNanos, int requestsPerMinute) {
			double now = tokensAt(nowNanos, requestsPerMinute);
			return (now >= 1) ? new Bucket(now - 1, nowNanos, true) : new Bucket(now, nowNanos, false);
		}

		boolean refilled(long nowNanos, int requestsPerMinute) {
			return tokensAt(nowNanos, requestsPerMinute) >= requestsPerMinute;
		}

		private double tokensAt(long nowNanos, int requestsPerMinute) {
			long elapsed = Math.max(0, nowNanos - this.atNanos);
			return Math.min(requestsPerMinute, this.tokens + elapsed * (requestsPerMinute / (double) NANOS_PER_MINUTE));
		}

	}

}
