package dev.memstore.kernel;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, as the SDKs' {@code PageCursor} reads it:
 * {@code {"data":[...],"next_page":"page_..."|null}}.
 */
public record ListPage<T>(List<T> data, String nextPage) {

	/**
	 * Builds a page from rows fetched with a limit of {@code limit + 1}: the extra row
	 * only proves that another page exists, so {@code next_page} is non-null exactly when
	 * there is more to read.
	 * @param cursorAfter encodes the position after a row
	 */
	public static <R, T> ListPage<T> of(List<R> rows, int limit, Function<R, T> toItem,
			Function<R, String> cursorAfter) {
		boolean more = rows.size() > limit;
		List<R> served = more ? rows.subList(0, limit) : rows;
		String next = more ? cursorAfter.apply(served.get(served.size() - 1)) : null;
		return new ListPage<>(served.stream().map(toItem).toList(), next);
	}

}
