package dev.memstore.api;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.memstore.kernel.TextRules;

import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses query parameters that are not text PostgreSQL can store: a NUL ({@code %00}) in
 * a filter such as {@code api_key_id} would reach a query as it is and fail it. Checked
 * once here, so that no filter can forget it.
 */
@Component
class QueryTextInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod)) {
			// Not routed to an endpoint: the answer is a 404 whatever the query says.
			return true;
		}
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			TextRules.requireValidText("a query parameter name", parameter.getKey());
			for (String value : parameter.getValue()) {
				// A form field without '=' has no value at all: Spring reads PATCH
				// and PUT forms into the parameters.
				if (value != null) {
					TextRules.requireValidText("the query parameter '" + parameter.getKey() + "'", value);
				}
			}
		}
		return true;
	}

}
