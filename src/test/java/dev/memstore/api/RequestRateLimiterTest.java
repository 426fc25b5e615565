package dev.memstore.api;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token buckets behind {@code memstore.limits.requests-per-minute}, on a clock the
 * test moves.
 */
@Tag("fast")
class RequestRateLimiterTest {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	@Test
	void aKeySpendsAMinutesRequestsAtOnceThenIsRefusedUntilOneRefills() {
		RequestRateLimiter limiter = new RequestRateLimiter(60, 0);
		for (int i = 59; i >= 0; i--) {
			RequestRateLimiter.Decision decision = limiter.take("apikey_a", 0);
			assertThat(decision.admitted()).isTrue();
			assertThat(decision.remaining()).isEqualTo(i);
		}

		RequestRateLimiter.Decision refused = limiter.take("apikey_a", SECOND / 4);

		assertThat(refused.admitted()).isFalse();
		assertThat(refused.limit()).isEqualTo(60);
		assertThat(refused.remaining()).isZero();
		assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(749), Duration.ofMillis(751));
		assertThat(refused.untilFull()).isBetween(Duration.ofMillis(59_749), Duration.ofMillis(59_751));
		assertThat(limiter.take("apikey_a", SECOND + SECOND / 10).admitted()).isTrue();
		assertThat(limiter.take("apikey_a", SECOND + SECOND / 10).admitted()).isFalse();
	}

	@Test
	void aRefusedRequestCostsNothing() {
		RequestRateLimiter limiter = new RequestRateLimiter(1, 0);
		limiter.take("apikey_a", 0);
		for (int i = 1; i < 100; i++) {
			assertThat(limiter.take("apikey_a", i * SECOND / 10).admitted()).isFalse();
		}

		assertThat(limiter.take("apikey_a", 60 * SECOND).admitted()).isTrue();
	}

	@Test
	void eachKeyHasItsOwnBucket() {
		RequestRateLimiter limiter = new RequestRateLimiter(2, 0);
		limiter.take("apikey_flood", 0);
		limiter.take("apikey_flood", 0);

		assertThat(limiter.take("apikey_flood", 0).admitted()).isFalse();
		assertThat(limiter.take("apikey_other", 0).admitted()).isTrue();
		assertThat(limiter.take("apikey_other", 0).remaining()).isZero();
	}

	@Test
	void aBucketNeverHoldsMoreThanAMinutesRequests() {
		RequestRateLimiter limiter = new RequestRateLimiter(10, 0);
		limiter.take("apikey_a", 0);

		RequestRateLimiter.Decision later = limiter.take("apikey_a", 3600 * SECOND);

		assertThat(later.remaining()).isEqualTo(9);
		assertThat(later.untilFull()).isBetween(Duration.ofMillis(5999), Duration.ofMillis(6001));
	}

	@Test
	void bucketsOfKeysIdleForAMinuteAreForgotten() {
		RequestRateLimiter limiter = new RequestRateLimiter(60, 0);
		for (int i = 0; i < 1000; i++) {
			limiter.take("apikey_" + i, 0);
		}
		assertThat(limiter.size()).isEqualTo(1000);

		limiter.take("apikey_busy", 61 * SECOND);

		assertThat(limiter.size()).isEqualTo(1);
	}

}
