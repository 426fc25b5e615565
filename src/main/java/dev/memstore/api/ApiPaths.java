package dev.memstore.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The two path families that answer in the Anthropic error envelope: the public
 * {@code /v1} API and the {@code /_memstore} operator API.
 */
public final class ApiPaths {

	public static final String V1 = "/v1";

	public static final String OPERATOR = "/_memstore";

	private ApiPaths() {
	}

	public static boolean isV1(HttpServletRequest request) {
		return isUnder(request.getRequestURI(), V1);
	}

	public static boolean isOperator(HttpServletRequest request) {
		return isUnder(request.getRequestURI(), OPERATOR);
	}

	public static boolean isApi(HttpServletRequest request) {
		return isV1(request) || isOperator(request);
	}

	private static boolean isUnder(String uri, String root) {
		return uri.equals(root) || uri.startsWith(root + "/");
	}

}
