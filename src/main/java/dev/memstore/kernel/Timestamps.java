package dev.memstore.kernel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current time at the precision PostgreSQL stores, so that what a write returns
 * equals what a later read returns, and cursors built from either agree.
 */
public final class Timestamps {

	private Timestamps() {
	}

	private static final Instant EARLIEST_CLIENT_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST_CLIENT_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

	public static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * Whether a client may name this instant in a filter or a cursor: years 1 to 9999,
	 * what RFC 3339 can write. Java reads years up to a billion, PostgreSQL compares
	 * timestamps only up to the year 294276 and fails the whole query beyond.
	 */
	static boolean isWithinRfc3339Years(Instant instant) {
		return !instant.isBefore(EARLIEST_CLIENT_INSTANT) && !instant.isAfter(LATEST_CLIENT_INSTANT);
	}

}
