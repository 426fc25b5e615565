package dev.memstore.kernel;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The {@code created_at[gt|gte|lt|lte]} filters of a list; {@code gt}/{@code lt} are
 * exclusive, {@code gte}/{@code lte} inclusive. Each bound is {@code null} when not
 * given.
 */
public record CreatedAtRange(Instant gt, Instant gte, Instant lt, Instant lte) {

	/**
	 * No bounds: everything, whenever it was created.
	 */
	public static final CreatedAtRange ANY = new CreatedAtRange(null, null, null, null);

	public static final String PARAMETER = "created_at";

	public static CreatedAtRange parse(String gt, String gte, String lt, String lte) {
		return new CreatedAtRange(parseBound("gt", gt), parseBound("gte", gte), parseBound("lt", lt),
				parseBound("lte", lte));
	}

	/**
	 * Parses an RFC 3339 timestamp with any offset; one without an offset (as Python
	 * sends naive datetimes) is read as UTC.
	 */
	private static Instant parseBound(String operator, String value) {
		if (value == null) {
			return null;
		}
		Instant bound = parseInstant(value);
		if (bound == null || !Timestamps.isWithinRfc3339Years(bound)) {
			throw ApiException.invalidRequest(PARAMETER + "[" + operator
					+ "] must be an RFC 3339 timestamp (years 0001 to 9999) such as 2026-01-01T00:00:00Z, got '" + value
					+ "'");
		}
		return bound;
	}

	private static Instant parseInstant(String value) {
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException again) {
				return null;
			}
		}
	}

	/**
	 * A stable rendering of the bounds, for cursor scopes.
	 */
	public String scopeKey() {
		return this.gt + "," + this.gte + "," + this.lt + "," + this.lte;
	}

}
