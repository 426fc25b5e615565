package dev.memstore.memory;

import dev.memstore.kernel.ApiException;

/**
 * What a memory listing asks for.
 *
 * @param pathPrefix the directory listed, ending with {@code /}; {@code /} is the whole
 * store
 * @param directChildrenOnly {@code depth=1}: only the prefix's direct children, deeper
 * paths rolled up into {@link MemoryPrefix} items
 * @param descending {@code order=desc}
 * @param view basic (the default) or full
 */
public record MemoryListQuery(String pathPrefix, boolean directChildrenOnly, boolean descending, MemoryView view) {

	/**
	 * Items per page with {@code view=full}, whatever the limit.
	 */
	static final int FULL_VIEW_PAGE_LIMIT = 20;

	/**
	 * Reads the query parameters of a listing, refusing any value the API does not
	 * define.
	 */
	public static MemoryListQuery parse(String pathPrefix, String depth, String orderBy, String order, String view) {
		String prefix = (pathPrefix != null) ? pathPrefix : "/";
		MemoryPaths.validatePrefix(prefix);
		if (orderBy != null && !orderBy.equals("path")) {
			throw ApiException.invalidRequest("order_by must be path, got '" + orderBy + "'");
		}
		if (order != null && !order.equals("asc") && !order.equals("desc")) {
			throw ApiException.invalidRequest("order must be asc or desc, got '" + order + "'");
		}
		return new MemoryListQuery(prefix, parseDepth(depth), "desc".equals(order),
				MemoryView.parse(view, MemoryView.BASIC));
	}

	private static boolean parseDepth(String depth) {
		if (depth == null) {
			return false;
		}
		return switch (depth.trim()) {
			case "0" -> false;
			case "1" -> true;
			default -> throw ApiException
				.invalidRequest("depth must be 0 (the whole subtree) or 1 (direct children only), got '" + depth + "'");
		};
	}

	/**
	 * Names the listing for its cursors: a cursor is valid only for the same store,
	 * prefix, depth and order.
	 */
	String cursorScope(String storeId) {
		return "memories|" + storeId + "|" + this.pathPrefix + "|" + this.directChildrenOnly + "|" + this.descending;
	}

}
