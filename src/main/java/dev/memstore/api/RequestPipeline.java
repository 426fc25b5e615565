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
 * <li>{@link #AUTHENTICATION} {@code workspace.ApiAuthenticationFilter}: {@code /v1} by
 * API key (which decides the workspace), {@code /_memstore} by the admin key.</li>
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

	public static final int AUTHENTICATION = REQUEST_ID + 20;

	private RequestPipeline() {
	}

}
