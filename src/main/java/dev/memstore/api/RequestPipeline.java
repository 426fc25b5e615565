package dev.memstore.api;

import org.springframework.core.Ordered;

/**
 * What a request meets on its way to a controller, in order, and the order of each
 * filter, declared here and nowhere else.
 * <ol>
 * <li>Tomcat's error report valve, replaced by {@code ApiErrorReportValve}: what Tomcat
 * refuses before any filter runs still leaves in the Anthropic error envelope.</li>
 * <li>{@link #REQUEST_ID} {@code RequestIdFilter}: every answer gets a
 * {@code request-id}.</li>
 * <li>{@link #REQUEST_SHAPE} {@code ApiRequestFilter}: API requests read as the SDKs send
 * them; an oversized body is refused before it is read.</li>
 * <li>{@link #DATABASE_OUTAGE} {@code DatabaseOutageFilter}: a database failure in a
 * filter behind it is a 503 envelope, not a container error.</li>
 * <li>{@link #SELF_HOSTED_CREDENTIALS} {@code selfhosted.SelfHostedAuthenticationFilter}:
 * {@code /v1} by an environment key or a sessions token (recognised by their prefixes,
 * then looked up), and the one authorization matrix of what each credential may
 * call.</li>
 * <li>{@link #AUTHENTICATION} {@code workspace.ApiAuthenticationFilter}: {@code /v1} by
 * API key (which decides the workspace) unless the filter before bound a caller,
 * {@code /_memstore} by the admin key.</li>
 * <li>{@link #RATE_LIMIT} {@code RateLimitFilter}: each API key's {@code /v1} requests
 * per minute, when {@code memstore.limits.requests-per-minute} is set: the
 * {@code anthropic-ratelimit-requests-*} headers on every answer, 429
 * {@code rate_limit_error} with {@code retry-after} over the limit. After authentication,
 * which names the key; before anything that costs more than a look-up.</li>
 * <li>Spring Security's chain, for the admin page only (its default order, after these),
 * with {@code admin.DecodableParametersFilter} first in it.</li>
 * <li>Spring MVC routes the request; then the interceptors, in the order
 * {@code ApiWebConfiguration} registers them: {@code BetaHeaderInterceptor} ({@code /v1})
 * and {@code QueryTextInterceptor} ({@code /v1}, {@code /_memstore}).</li>
 * <li>The controller's parameters: {@code ApiArgumentResolver} ({@link Caller},
 * {@link PageParams}, {@link CreatedAtRange}) and {@code ApiBinding}; then the
 * controller, which calls one service method.</li>
 * <li>Failures: {@code ApiExceptionHandler} inside Spring MVC, {@code ApiErrorController}
 * for what reaches the container's error page ({@code admin.AdminErrors} for the admin
 * page).</li>
 * </ol>
 */
public final class RequestPipeline {

	/** The first filter of all. */
	public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;

	public static final int REQUEST_SHAPE = REQUEST_ID + 10;

	public static final int DATABASE_OUTAGE = REQUEST_ID + 15;

	public static final int SELF_HOSTED_CREDENTIALS = REQUEST_ID + 18;

	public static final int AUTHENTICATION = REQUEST_ID + 20;

	public static final int RATE_LIMIT = REQUEST_ID + 25;

	private RequestPipeline() {
	}

}
