package dev.memstore.kernel;

/**
 * The {@code limit} and {@code page} query parameters shared by every list.
 *
 * @param limit items per page, 1 to 100 (default 20), or to the larger bound of the lists
 * whose API allows more (a session's events)
 * @param page the cursor to continue from, or {@code null} for the first page
 */
public record PageParams(int limit, String page) {

	public static final int DEFAULT_LIMIT = 20;

	public static final int MAX_LIMIT = 100;

	public static PageParams parse(String limit, String page) {
		return parse(limit, page, MAX_LIMIT);
	}

	/**
	 * Parses the parameters of a list whose {@code limit} may go up to {@code maxLimit}.
	 */
	public static PageParams parse(String limit, String page, int maxLimit) {
		int parsed = (limit != null) ? (int) IntegerParameters.parse("limit", limit, 1, maxLimit) : DEFAULT_LIMIT;
		return new PageParams(parsed, (page == null || page.isEmpty()) ? null : page);
	}

	/**
	 * A copy with the page size capped, for lists whose items are large.
	 */
	public PageParams capLimit(int max) {
		return new PageParams(Math.min(this.limit, max), this.page);
	}

}
