package dev.memstore.selfhosted;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.api.ApiErrorWriter;
import dev.memstore.api.ApiFilter;
import dev.memstore.api.ApiPaths;
import dev.memstore.api.Caller;
import dev.memstore.api.PresentedCredential;
import dev.memstore.api.RequestPipeline;
import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Authenticates a {@code /v1} request that presents an environment key or a sessions
 * token (known by its prefix, then looked up) and binds its caller, so that the API-key
 * filter behind it leaves the request alone; and applies {@link CredentialScopes} to
 * every {@code /v1} request, whatever its credential, before routing.
 */
@Component
@Order(RequestPipeline.SELF_HOSTED_CREDENTIALS)
class SelfHostedAuthenticationFilter extends ApiFilter {

	private final SelfHostedService selfHosted;

	private final CredentialScopes scopes;

	private final ApiErrorWriter errorWriter;

	SelfHostedAuthenticationFilter(SelfHostedService selfHosted, CredentialScopes scopes, ApiErrorWriter errorWriter) {
		this.selfHosted = selfHosted;
		this.scopes = scopes;
		this.errorWriter = errorWriter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!ApiPaths.isV1(request)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiException> refusal;
		try {
			refusal = authorize(request);
		}
		catch (ApiException ex) {
			refusal = Optional.of(ex);
		}
		if (refusal.isPresent()) {
			this.errorWriter.write(request, response, refusal.get());
			return;
		}
		chain.doFilter(request, response);
	}

	private Optional<ApiException> authorize(HttpServletRequest request) {
		String presented = PresentedCredential.of(request);
		List<String> path = pathUnderV1(request);
		if (presented == null || !SelfHostedService.isSelfHostedCredential(presented)) {
			// An API key, or nothing: the API-key filter authenticates it.
			return this.scopes.refuseOther(CredentialScopes.Target.parse(request.getMethod(), path));
		}
		Optional<Caller> caller = this.selfHosted.authenticate(presented);
		if (caller.isEmpty()) {
			return Optional.of(new ApiException(ApiErrorType.AUTHENTICATION,
					"invalid environment key or sessions token: it is unknown, revoked, or its work item stopped "
							+ "or was offered to another worker"));
		}
		Optional<ApiException> refusal = this.scopes.check(caller.get(), request.getMethod(), path);
		if (refusal.isEmpty()) {
			caller.get().bindTo(request);
		}
		return refusal;
	}

	/**
	 * The path's segments after {@code /v1}, as the container decoded and normalized it
	 * for routing, so that the matrix judges the route the request will reach.
	 */
	private static List<String> pathUnderV1(HttpServletRequest request) {
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		String under = path.startsWith(ApiPaths.V1 + "/") ? path.substring(ApiPaths.V1.length() + 1) : "";
		return Arrays.asList(under.split("/", -1));
	}

}
