package dev.memstore.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every response, success or failure, a {@code request-id} header before anything
 * else can answer, and every log line written while the request is served its id
 * ({@value #LOG_KEY} in the logging context, a field of each structured log line).
 */
@Component
@Order(RequestPipeline.REQUEST_ID)
class RequestIdFilter extends OncePerRequestFilter {

	static final String LOG_KEY = "request_id";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = RequestIds.of(request);
		response.setHeader(RequestIds.HEADER, requestId);
		try (MDC.MDCCloseable logged = MDC.putCloseable(LOG_KEY, requestId)) {
			chain.doFilter(request, response);
		}
	}

}
