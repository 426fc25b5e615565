package dev.memstore.workspace;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.api.ApiErrorType;
import dev.memstore.api.ApiErrorWriter;
import dev.memstore.api.ApiException;
import dev.memstore.api.ApiPaths;
import dev.memstore.api.Caller;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /v1} request by its API key before routing, so an
 * unauthenticated caller learns nothing, not even which routes exist.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private final WorkspaceService workspaces;

	private final ApiErrorWriter errorWriter;

	ApiKeyAuthenticationFilter(WorkspaceService workspaces, ApiErrorWriter errorWriter) {
		this.workspaces = workspaces;
		this.errorWriter = errorWriter;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !ApiPaths.isV1(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String secret = ApiKeySecrets.presented(request);
		if (secret == null) {
			this.errorWriter.write(request, response, new ApiException(ApiErrorType.AUTHENTICATION,
					"missing API key: send it in the x-api-key header or as Authorization: Bearer <key>"));
			return;
		}
		Optional<Caller> caller = this.workspaces.authenticate(secret);
		if (caller.isEmpty()) {
			this.errorWriter.write(request, response, new ApiException(ApiErrorType.AUTHENTICATION, "invalid API key"));
			return;
		}
		caller.get().bindTo(request);
		chain.doFilter(request, response);
	}

}
