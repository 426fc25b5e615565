package dev.memstore.webhook;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries back off exponentially with jitter: the first within 10 s, each wait four times
 * the last up to 3 h, taken at 50 to 100 %, the last attempt at the end of the retry
 * period, and none after it.
 */
@Tag("fast")
class RetryScheduleTest {

	private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	private static final Instant DAY_LATER = NOW.plus(Duration.ofDays(1));

	@Test
	void theFirstRetryComesWithinTenSecondsAndTheWaitGrowsFourfoldUpToThreeHours() {
		RetrySchedule longest = new RetrySchedule(() -> 0.999999);
		RetrySchedule shortest = new RetrySchedule(() -> 0.0);

		assertThat(longest.wait(1)).isLessThanOrEqualTo(Duration.ofSeconds(5));
		assertThat(shortest.wait(1)).isEqualTo(Duration.ofMillis(2500));
		assertThat(shortest.wait(2)).isEqualTo(Duration.ofSeconds(10));
		assertThat(shortest.wait(3)).isEqualTo(Duration.ofSeconds(40));
		assertThat(longest.wait(7)).isLessThanOrEqualTo(Duration.ofHours(3));
		assertThat(shortest.wait(7)).isEqualTo(Duration.ofMinutes(90));
		assertThat(shortest.wait(50)).isEqualTo(Duration.ofMinutes(90));
	}

	@Test
	void jitterSpreadsTheRetriesOfEventsThatFailedTogether() {
		assertThat(new RetrySchedule(() -> 0.2).wait(3)).isNotEqualTo(new RetrySchedule(() -> 0.7).wait(3));
	}

	@Test
	void theLastAttemptIsAtTheEndOfThePeriodAndNoneAfter() {
		RetrySchedule schedule = new RetrySchedule(() -> 0.5);
		Instant nearTheEnd = DAY_LATER.minusSeconds(1);

		assertThat(schedule.next(NOW, 1, DAY_LATER)).isEqualTo(NOW.plusMillis(3750));
		assertThat(schedule.next(nearTheEnd, 20, DAY_LATER)).isEqualTo(DAY_LATER);
		assertThat(schedule.next(DAY_LATER, 21, DAY_LATER)).isNull();
		assertThat(schedule.next(DAY_LATER.plusSeconds(5), 21, DAY_LATER)).isNull();
	}

	@Test
	void aDayOfFailuresIsAboutFifteenAttempts() {
		RetrySchedule schedule = new RetrySchedule(() -> 0.5);
		Instant at = NOW;
		int attempts = 1;
		for (Instant next = schedule.next(at, attempts, DAY_LATER); next != null; next = schedule.next(at, attempts,
				DAY_LATER)) {
			at = next;
			attempts++;
		}
		assertThat(attempts).isBetween(12, 25);
		assertThat(at).isEqualTo(DAY_LATER);
	}

}
