package dev.memstore.api;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter of the API path families ({@link ApiPaths#isApi}) only: the admin page, the
 * actuator and everything else pass by untouched.
 */
public abstract class ApiFilter extends OncePerRequestFilter {

	@Override
	protected final boolean shouldNotFilter(HttpServletRequest request) {
		return !ApiPaths.isApi(request);
	}

}
