package dev.memstore.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.DatabaseFailures;
import dev.memstore.kernel.RecurringFailureLog;

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

	DatabaseOutages(ApiErrorWriter writer) {
		this.writer = writer;
	}

	/**
	 * Answers the request if the failure is the database's.
	 * @return whether it was
	 */
	boolean answer(Throwable failure, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!DatabaseFailures.isUnavailable(failure)) {
			return false;
		}
		this.log.failed(failure);
		this.writer.write(request, response, DatabaseFailures.unavailable());
		return true;
	}

	void served() {
		this.log.succeeded();
	}

}
