package dev.memstore.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.DatabaseFailures;
import dev.memstore.kernel.RecurringFailureLog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Answers API requests that failed because the database could not be reached with a 503
 * error envelope the SDKs retry, wherever the failure surfaced (authentication in a
 * filter, or a service behind a controller), and logs the outage once rather than per
 * request.
 */
@Component
class DatabaseOutages {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseOutages.class);

	private final ApiErrorWriter writer;

	private final RecurringFailureLog log = new RecurringFailureLog(logger, "Serving API requests from the database");

	private final Counter outages;

	private final Counter unavailable;

	DatabaseOutages(ApiErrorWriter writer, MeterRegistry meters) {
		this.writer = writer;
		this.outages = Counter.builder("memstore.database.outages")
			.description("Outages of the database as API requests met them: runs of failed requests")
			.register(meters);
		this.unavailable = Counter.builder("memstore.database.unavailable.requests")
			.description("API requests answered 503 because the database could not be reached")
			.register(meters);
		Gauge.builder("memstore.database.available", this.log, (log) -> log.isFailing() ? 0 : 1)
			.description("1 while API requests reach the database, 0 from a request that could not until one can")
			.register(meters);
	}

	/**
	 * Answers the request if the failure is the database's.
	 * @return whether it was
	 */
	boolean answer(Throwable failure, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!DatabaseFailures.isUnavailable(failure)) {
			return false;
		}
		if (this.log.failed(failure)) {
			this.outages.increment();
		}
		this.unavailable.increment();
		this.writer.write(request, response, DatabaseFailures.unavailable());
		return true;
	}

	void served() {
		this.log.succeeded();
	}

}
