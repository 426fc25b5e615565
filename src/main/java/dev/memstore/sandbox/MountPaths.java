package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a session's memory stores are mounted: {@code /mnt/memory/<slug>}, the slug made
 * from the store's name.
 * <p>
 * The slug is the name with A-Z lowercased, each run of characters outside
 * {@code [a-z0-9]} replaced by one {@code -}, and leading and trailing {@code -} trimmed;
 * an empty result becomes {@code store}. When stores of one session share a slug, the
 * first keeps it and each later one takes the first free of {@code <slug>-2},
 * {@code <slug>-3}, ...
 */
public final class MountPaths {

	/**
	 * The directory holding every mount.
	 */
	static final String ROOT = "/mnt/memory";

	private MountPaths() {
	}

	/**
	 * The mount paths of stores attached in this order, one per name.
	 */
	public static List<String> assign(List<String> storeNames) {
		Set<String> taken = new HashSet<>();
		List<String> paths = new ArrayList<>(storeNames.size());
		for (String name : storeNames) {
			String base = slug(name);
			String slug = base;
			for (int n = 2; !taken.add(slug); n++) {
				slug = base + "-" + n;
			}
			paths.add(ROOT + "/" + slug);
		}
		return paths;
	}

	/**
	 * The slug of one store name, before collisions are resolved.
	 */
	static String slug(String name) {
		StringBuilder slug = new StringBuilder();
		boolean pendingDash = false;
		String text = (name != null) ? name : "";
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				c = (char) (c + ('a' - 'A'));
			}
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				if (pendingDash && slug.length() > 0) {
					slug.append('-');
				}
				pendingDash = false;
				slug.append(c);
			}
			else {
				pendingDash = true;
			}
		}
		return slug.isEmpty() ? "store" : slug.toString();
	}

}
