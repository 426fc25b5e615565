package dev.memstore.session;

import java.util.List;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.CreatedAtRange;

/**
 * The filters and order of an event listing. The {@code created_at[...]} bounds compare
 * with {@code processed_at}, so queued events drop out when a bound is given.
 */
record EventListQuery(List<String> types, CreatedAtRange processedAt, boolean descending) {

	/**
	 * The largest page of events, the API's bound: SDK tools read a session's history
	 * with {@code limit: 1000}.
	 */
	static final int MAX_LIMIT = 1000;

	static EventListQuery parse(List<String> types, CreatedAtRange createdAt, String order) {
		if (order != null && !order.equals("asc") && !order.equals("desc")) {
			throw ApiException.invalidRequest("order must be asc or desc, got '" + order + "'");
		}
		return new EventListQuery(types.stream().distinct().sorted().toList(), createdAt, "desc".equals(order));
	}

	String cursorScope(String sessionId) {
		return "session_events|" + sessionId + "|" + this.types + "|" + this.processedAt.scopeKey() + "|"
				+ this.descending;
	}

}
