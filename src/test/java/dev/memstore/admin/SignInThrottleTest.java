package dev.memstore.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throttle's window and its bounded memory, on a clock the test moves.
 */
@Tag("fast")
class SignInThrottleTest {

	private final MovingClock clock = new MovingClock();

	private final SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(15), this.clock);

	@Test
	void refusesAfterTheLimitUntilTheWindowHasPassed() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.refuses("admin", "10.0.0.1")).isFalse();
			this.throttle.failed("admin", "10.0.0.1");
		}

		assertThat(this.throttle.refuses("admin", "10.0.0.2")).isTrue();
		assertThat(this.throttle.refuses("ADMIN ", "10.0.0.2")).isTrue();
		assertThat(this.throttle.refuses("other", "10.0.0.1")).isTrue();
		assertThat(this.throttle.refuses("other", "10.0.0.2")).isFalse();

		this.clock.advance(Duration.ofMinutes(15).minusSeconds(1));
		assertThat(this.throttle.refuses("admin", "10.0.0.2")).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.throttle.refuses("admin", "10.0.0.2")).isFalse();
		assertThat(this.throttle.refuses("other", "10.0.0.1")).isFalse();
	}

	@Test
	void aSuccessClearsItsAccountAndAddress() {
		for (int i = 0; i < 3; i++) {
			this.throttle.failed("admin", "10.0.0.1");
		}

		this.throttle.succeeded("admin", "10.0.0.1");

		assertThat(this.throttle.refuses("admin", "10.0.0.1")).isFalse();
	}

	@Test
	void holdsAtMostItsBoundOfCounters() {
		for (int i = 0; i < SignInThrottle.MAX_ENTRIES; i++) {
			this.throttle.failed("name-" + i, "10.0.0.1");
		}

		assertThat(this.throttle.size()).isLessThanOrEqualTo(SignInThrottle.MAX_ENTRIES);
		assertThat(this.throttle.refuses("anyone", "10.0.0.1")).isTrue();

		this.clock.advance(Duration.ofMinutes(16));
		this.throttle.failed("late", "10.0.0.9");
		assertThat(this.throttle.size()).isEqualTo(2);
	}

	private static final class MovingClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
