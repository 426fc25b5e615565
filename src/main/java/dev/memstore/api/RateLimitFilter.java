package dev.memstore.api;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Timestamps;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Limits each API key's {@code /v1} requests
 * ({@code memstore.limits.requests-per-minute}) so that one client cannot take a shared
 * server from the others. It answers as the real API does: every {@code /v1} response
 * carries the key's {@code anthropic-ratelimit-requests-*} headers, and a request over
 * the limit gets 429 {@code rate_limit_error} with {@code retry-after} in seconds, which
 * the SDKs wait before they retry. The answer to a refused request is held for
 * {@code memstore.limits.refusal-delay} first, without a thread: an SDK waits that long
 * anyway, while a client that floods without waiting gets one refusal per connection per
 * delay instead of as many as the server can write. The operator API is not limited.
 */
@Component
@Order(RequestPipeline.RATE_LIMIT)
class RateLimitFilter extends ApiFilter {

	static final String LIMIT = "anthropic-ratelimit-requests-limit";

	static final String REMAINING = "anthropic-ratelimit-requests-remaining";

	static final String RESET = "anthropic-ratelimit-requests-reset";

	static final String RETRY_AFTER = "retry-after";

	private final RequestRateLimiter limiter;

	private final ApiErrorWriter errorWriter;

	private final Counter refused;

	private final Duration refusalDelay;

	private final ScheduledExecutorService delayed;

	RateLimitFilter(RateLimitProperties properties, ApiErrorWriter errorWriter, MeterRegistry meters) {
		this.limiter = (properties.requestsPerMinute() > 0)
				? new RequestRateLimiter(properties.requestsPerMinute(), System.nanoTime()) : null;
		this.errorWriter = errorWriter;
		this.refusalDelay = properties.refusalDelay();
		this.delayed = (this.limiter != null && !this.refusalDelay.isZero() && !this.refusalDelay.isNegative())
				? Executors.newSingleThreadScheduledExecutor((task) -> {
					Thread thread = new Thread(task, "memstore-rate-limit-refusals");
					thread.setDaemon(true);
					return thread;
				}) : null;
		this.refused = Counter.builder("memstore.api.rate.limited.requests")
			.description("API requests refused with 429 because their key made too many")
			.register(meters);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.limiter == null || !ApiPaths.isV1(request)) {
			chain.doFilter(request, response);
			return;
		}
		RequestRateLimiter.Decision decision = this.limiter.take(Caller.of(request).credential().id(),
				System.nanoTime());
		Instant now = Timestamps.now();
		response.setHeader(LIMIT, Integer.toString(decision.limit()));
		response.setHeader(REMAINING, Long.toString(decision.remaining()));
		response.setHeader(RESET, wholeSecondsAfter(now.plus(decision.untilFull())).toString());
		if (decision.admitted()) {
			chain.doFilter(request, response);
			return;
		}
		this.refused.increment();
		long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
		ApiException refusal = new ApiException(ApiErrorType.RATE_LIMIT,
				"this API key made more requests than its limit of " + decision.limit()
						+ " per minute (memstore.limits.requests-per-minute); retry after " + seconds + " s")
			.withHeader(RETRY_AFTER, Long.toString(seconds));
		if (this.delayed == null || !request.isAsyncSupported()) {
			this.errorWriter.write(request, response, refusal);
			return;
		}
		AsyncContext held = request.startAsync(request, response);
		held.setTimeout(this.refusalDelay.toMillis() + 30_000);
		this.delayed.schedule(() -> answer(held, request, response, refusal), this.refusalDelay.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private void answer(AsyncContext held, HttpServletRequest request, HttpServletResponse response,
			ApiException refusal) {
		try {
			this.errorWriter.write(request, response, refusal);
		}
		catch (IOException | RuntimeException ex) {
			// The client went away while it waited.
		}
		finally {
			held.complete();
		}
	}

	@Override
	public void destroy() {
		if (this.delayed != null) {
			this.delayed.shutdownNow();
		}
	}

	/**
	 * The instant rounded up to a whole second, as the API writes its reset times.
	 */
	private static Instant wholeSecondsAfter(Instant instant) {
		Instant seconds = instant.truncatedTo(ChronoUnit.SECONDS);
		return seconds.equals(instant) ? seconds : seconds.plusSeconds(1);
	}

}
