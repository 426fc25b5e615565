package dev.memstore.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: after a wait that starts at 5 s and grows
 * fourfold per failure up to 3 h, of which a random 50 to 100 % is taken, so that the
 * retries of many events that failed together spread out; never later than the end of the
 * delivery's retry period, when a last attempt is made.
 */
final class RetrySchedule {

	static final Duration FIRST = Duration.ofSeconds(5);

	static final int FACTOR = 4;

	static final Duration LONGEST = Duration.ofHours(3);

	private final DoubleSupplier random;

	RetrySchedule() {
		this(() -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * @param random values from 0 (inclusive) to 1 (exclusive)
	 */
	RetrySchedule(DoubleSupplier random) {
		this.random = random;
	}

	/**
	 * When to try again after a failed attempt.
	 * @param failedAttempts the attempts made so far, all failed
	 * @param deadline the end of the delivery's retry period
	 * @return the next attempt's time, or {@code null} when the period is over and the
	 * delivery is given up
	 */
	Instant next(Instant now, int failedAttempts, Instant deadline) {
		if (!now.isBefore(deadline)) {
			return null;
		}
		Instant next = now.plus(wait(failedAttempts));
		return next.isBefore(deadline) ? next : deadline;
	}

	Duration wait(int failedAttempts) {
		Duration full = LONGEST;
		Duration candidate = FIRST;
		for (int i = 1; i < failedAttempts && candidate.compareTo(LONGEST) < 0; i++) {
			candidate = candidate.multipliedBy(FACTOR);
		}
		if (candidate.compareTo(LONGEST) < 0) {
			full = candidate;
		}
		double share = 0.5 + 0.5 * this.random.getAsDouble();
		return Duration.ofMillis(Math.round(full.toMillis() * share));
	}

}
