package dev.memstore.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.memstore.kernel.ListPage;

/**
 * A page of a list narrowed by a search text, read from the service's keyset pages. The
 * API has no search parameter, so a few pages are read until a page's worth matches; the
 * next page continues where reading stopped.
 */
final class FilteredPages {

	/**
	 * Service pages read at most for one page of results.
	 */
	private static final int MAX_PAGES_READ = 20;

	private FilteredPages() {
	}

	/**
	 * @param read a service page from a cursor ({@code null}: the first)
	 * @param texts what a search matches of an item (names, ids)
	 * @param query the search text; blank shows every item
	 */
	static <T> ListPage<T> read(Function<String, ListPage<T>> read, Function<T, List<String>> texts, String query,
			String page, int size) {
		String needle = (query == null) ? "" : query.strip().toLowerCase(Locale.ROOT);
		Predicate<T> matches = (item) -> needle.isEmpty() || texts.apply(item)
			.stream()
			.anyMatch((text) -> text != null && text.toLowerCase(Locale.ROOT).contains(needle));
		List<T> shown = new ArrayList<>();
		String next = page;
		for (int pages = 0; pages < MAX_PAGES_READ; pages++) {
			ListPage<T> batch = read.apply(next);
			batch.data().stream().filter(matches).forEach(shown::add);
			next = batch.nextPage();
			if (next == null || needle.isEmpty() || shown.size() >= size) {
				break;
			}
		}
		return new ListPage<>(shown, next);
	}

}
