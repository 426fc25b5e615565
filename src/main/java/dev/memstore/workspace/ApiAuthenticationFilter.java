package dev.memstore.workspace;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.api.PresentedCredential;
import dev.memstore.kernel.ApiErrorType;
import dev.memstore.api.ApiErrorWriter;
import dev.memstore.kernel.ApiException;
import dev.memstore.api.ApiFilter;
import dev.memstore.api.ApiPaths;
import dev.memstore.api.Caller;
import dev.memstore.api.RequestPipeline;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Authenticates every API request before routing, so that an unauthenticated caller
 * learns nothing, not even which routes exist: {@code /v1} by an API key, which decides
 * the workspace; {@code /_memstore} by the admin key, without which the operator API is
 * off.
 */
@Component
@Order(RequestPipeline.AUTHENTICATION)
class ApiAuthenticationFilter extends ApiFilter {

	private final WorkspaceService workspaces;

	private final AuthProperties properties;

	private final ApiErrorWriter errorWriter;

	ApiAuthenticationFilter(WorkspaceService workspaces, AuthProperties properties, ApiErrorWriter errorWriter) {
		this.workspaces = workspaces;
		this.properties = properties;
		this.errorWriter = errorWriter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (Caller.boundTo(request).isPresent()) {
			// An earlier filter authenticated a credential that is not an API key.
			chain.doFilter(request, response);
			return;
		}
		String presented = PresentedCredential.of(request);
		Optional<ApiException> refusal = ApiPaths.isV1(request) ? authenticateCaller(request, presented)
				: authorizeOperator(presented);
		if (refusal.isPresent()) {
			this.errorWriter.write(request, response, refusal.get());
			return;
		}
		chain.doFilter(request, response);
	}

	private Optional<ApiException> authenticateCaller(HttpServletRequest request, String presented) {
		if (presented == null) {
			return Optional.of(new ApiException(ApiErrorType.AUTHENTICATION,
					"missing API key: send it in the x-api-key header or as Authorization: Bearer <key>"));
		}
		Optional<Caller> caller = this.workspaces.authenticate(presented);
		if (caller.isEmpty()) {
			return Optional.of(new ApiException(ApiErrorType.AUTHENTICATION, "invalid API key"));
		}
		caller.get().bindTo(request);
		return Optional.empty();
	}

	private Optional<ApiException> authorizeOperator(String presented) {
		if (!this.properties.operatorApiEnabled()) {
			return Optional.of(new ApiException(ApiErrorType.PERMISSION,
					"the operator API is disabled; set memstore.auth.admin-key to enable it"));
		}
		if (presented == null || !ApiKeySecrets.matches(presented, this.properties.adminKey())) {
			return Optional.of(new ApiException(ApiErrorType.AUTHENTICATION,
					"the operator API requires the admin key (memstore.auth.admin-key) in x-api-key or as a Bearer token"));
		}
		return Optional.empty();
	}

}
