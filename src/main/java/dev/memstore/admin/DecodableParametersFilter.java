package dev.memstore.admin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an admin request whose query string or form cannot be decoded (broken
 * percent-encoding, a parameter without a name) with a 400 before anything runs. Tomcat
 * fails such parameters only when they are first read, which for the sign-in page is
 * halfway through rendering it: the browser got a cut-off page or a 500.
 */
final class DecodableParametersFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			request.getParameterMap();
		}
		catch (InvalidParameterException ex) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		chain.doFilter(request, response);
	}

}
