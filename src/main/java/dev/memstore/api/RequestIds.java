package dev.memstore.api;

import jakarta.servlet.http.HttpServletRequest;

import dev.memstore.kernel.Ids;

/**
 * The {@code req_...} id of the request being served, as sent in the {@code request-id}
 * header and in error bodies.
 */
public final class RequestIds {

	public static final String HEADER = "request-id";

	static final String ATTRIBUTE = RequestIds.class.getName();

	private RequestIds() {
	}

	/**
	 * Returns the id assigned to this request, assigning one if the request bypassed the
	 * filter (an error dispatch from the container, for instance).
	 */
	public static String of(HttpServletRequest request) {
		Object id = request.getAttribute(ATTRIBUTE);
		if (id instanceof String value) {
			return value;
		}
		String assigned = Ids.next(Ids.REQUEST);
		request.setAttribute(ATTRIBUTE, assigned);
		return assigned;
	}

}
