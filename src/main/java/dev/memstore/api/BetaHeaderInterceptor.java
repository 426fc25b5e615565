package dev.memstore.api;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.kernel.ApiException;

import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies the beta-header rules after routing (so unknown routes answer 404 first) and
 * before any parameter is read.
 */
@Component
class BetaHeaderInterceptor implements HandlerInterceptor {

	private static final String HEADER = "anthropic-beta";

	private final boolean requireBetaHeader;

	BetaHeaderInterceptor(ApiProperties properties) {
		this.requireBetaHeader = properties.requireBetaHeader();
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method) {
			BetaApi beta = method.getBeanType().getAnnotation(BetaApi.class);
			if (beta != null) {
				check(beta.value(), betaValues(request));
			}
		}
		return true;
	}

	private void check(BetaFamily family, Set<String> sent) {
		Set<String> present = family.accepted().stream().filter(sent::contains).collect(Collectors.toSet());
		if (family.exclusive() && present.size() > 1) {
			throw ApiException.invalidRequest(
					"the anthropic-beta header carries both " + quotedAlternatives(family) + "; send only one of them");
		}
		if (present.isEmpty() && this.requireBetaHeader) {
			throw ApiException
				.invalidRequest("this endpoint requires the anthropic-beta header: send " + quotedAlternatives(family));
		}
	}

	private static String quotedAlternatives(BetaFamily family) {
		return family.accepted().stream().map((value) -> "'" + value + "'").collect(Collectors.joining(" or "));
	}

	/**
	 * All values of every {@code anthropic-beta} line, split on commas and trimmed.
	 */
	private static Set<String> betaValues(HttpServletRequest request) {
		Set<String> values = new LinkedHashSet<>();
		for (String line : Collections.list(request.getHeaders(HEADER))) {
			for (String value : line.split(",")) {
				if (!value.isBlank()) {
					values.add(value.trim());
				}
			}
		}
		return values;
	}

}
