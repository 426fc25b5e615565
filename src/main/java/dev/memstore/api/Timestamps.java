package dev.memstore.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current time at the precision PostgreSQL stores, so that what a write returns
 * equals what a later read returns, and cursors built from either agree.
 */
public final class Timestamps {

	private Timestamps() {
	}

	public static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
