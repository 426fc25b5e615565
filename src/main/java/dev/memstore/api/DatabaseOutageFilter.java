package dev.memstore.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Catches database failures that escape the filters behind it (authentication reads the
 * API key from the database before any controller runs), which the container would
 * otherwise log with a stack trace and answer with a 500.
 */
@Component
@Order(RequestPipeline.DATABASE_OUTAGE)
class DatabaseOutageFilter extends ApiFilter {

	private final DatabaseOutages outages;

	DatabaseOutageFilter(DatabaseOutages outages) {
		this.outages = outages;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (response.isCommitted() || !this.outages.answer(ex, request, response)) {
				throw ex;
			}
			return;
		}
		if (response.getStatus() != 503) {
			this.outages.served();
		}
	}

}
