package dev.memstore.dream;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.TextRules;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a dream schedule runs: a cron read by Spring's {@link CronExpression} in an IANA
 * time zone. It accepts what operators write: Unix's five fields (minute, hour, day of
 * month, month, day of week; {@code 0 3 * * *}), Spring's six (seconds first;
 * {@code 0 0 3 * * *}) and the macros ({@code @daily}, {@code @hourly}, …).
 */
final class DreamCron {

	static final int MAX_LENGTH = 256;

	static final String DEFAULT_TIME_ZONE = "UTC";

	private final String cron;

	private final ZoneId zone;

	private final CronExpression expression;

	private DreamCron(String cron, ZoneId zone, CronExpression expression) {
		this.cron = cron;
		this.zone = zone;
		this.expression = expression;
	}

	/**
	 * The cron and time zone, checked; a cron that never fires again (the 30th of
	 * February) is refused too.
	 * @param timeZone an IANA time zone id, or {@code null} for
	 * {@value #DEFAULT_TIME_ZONE}
	 */
	static DreamCron of(String cron, String timeZone) {
		if (cron == null) {
			throw ApiException.invalidRequest("cron is required");
		}
		TextRules.requireValidText("cron", cron);
		TextRules.requireLength("cron", cron, 1, MAX_LENGTH);
		String trimmed = cron.trim();
		String[] fields = trimmed.split("\\s+");
		String spring;
		if (trimmed.startsWith("@") && fields.length == 1) {
			spring = trimmed;
		}
		else if (fields.length == 5) {
			// Unix cron has no seconds: it fires at second 0.
			spring = "0 " + String.join(" ", fields);
		}
		else if (fields.length == 6) {
			spring = String.join(" ", fields);
		}
		else {
			throw ApiException.invalidRequest("cron must be 5 fields (minute hour day-of-month month day-of-week, "
					+ "such as '0 3 * * *'), 6 fields (seconds first, as Spring writes them) or a macro such as "
					+ "@daily; got '" + cron + "'");
		}
		CronExpression expression;
		try {
			expression = CronExpression.parse(spring);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalidRequest("cron '" + cron + "' is not valid: " + ex.getMessage());
		}
		DreamCron parsed = new DreamCron(cron, zone(timeZone), expression);
		if (parsed.nextAfter(Instant.now()) == null) {
			throw ApiException.invalidRequest("cron '" + cron + "' never fires");
		}
		return parsed;
	}

	private static ZoneId zone(String timeZone) {
		if (timeZone == null) {
			return ZoneId.of(DEFAULT_TIME_ZONE);
		}
		// ZoneId.of also reads offsets such as +02:00, which have no daylight saving time
		// and are not what people mean by a time zone.
		if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
			throw ApiException.invalidRequest(
					"time_zone must be an IANA time zone id such as Europe/Paris or UTC, got '" + timeZone + "'");
		}
		return ZoneId.of(timeZone);
	}

	String cron() {
		return this.cron;
	}

	String timeZone() {
		return this.zone.getId();
	}

	/**
	 * The first time strictly after {@code instant} that the cron names, on the wall
	 * clock of the time zone; {@code null} if there is none.
	 */
	Instant nextAfter(Instant instant) {
		ZonedDateTime next = this.expression.next(instant.atZone(this.zone));
		return (next != null) ? next.toInstant() : null;
	}

}
