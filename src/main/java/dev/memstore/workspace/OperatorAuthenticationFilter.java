package dev.memstore.workspace;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.api.ApiErrorType;
import dev.memstore.api.ApiErrorWriter;
import dev.memstore.api.ApiException;
import dev.memstore.api.ApiPaths;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the operator API with {@code memstore.auth.admin-key}, presented like an API
 * key. Without that setting the operator API is off.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class OperatorAuthenticationFilter extends OncePerRequestFilter {

	private final AuthProperties properties;

	private final ApiErrorWriter errorWriter;

	OperatorAuthenticationFilter(AuthProperties properties, ApiErrorWriter errorWriter) {
		this.properties = properties;
		this.errorWriter = errorWriter;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !ApiPaths.isOperator(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.properties.operatorApiEnabled()) {
			this.errorWriter.write(request, response, new ApiException(ApiErrorType.PERMISSION,
					"the operator API is disabled; set memstore.auth.admin-key to enable it"));
			return;
		}
		String presented = ApiKeySecrets.presented(request);
		if (presented == null || !ApiKeySecrets.matches(presented, this.properties.adminKey())) {
			this.errorWriter.write(request, response, new ApiException(ApiErrorType.AUTHENTICATION,
					"the operator API requires the admin key (memstore.auth.admin-key) in x-api-key or as a Bearer token"));
			return;
		}
		chain.doFilter(request, response);
	}

}
