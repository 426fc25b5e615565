package dev.memstore.kernel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
	 * An instant as a {@code timestamptz} parameter: the PostgreSQL driver takes an
	 * {@link OffsetDateTime}, not an {@link Instant}. {@code null} stays {@code null}.
	 */
	public static OffsetDateTime toSql(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	/**
	 * A {@code timestamptz} column as an instant, or {@code null}.
	 */
	public static Instant read(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
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
