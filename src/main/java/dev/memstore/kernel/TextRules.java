package dev.memstore.kernel;

import java.util.List;
import java.util.Map;

/**
 * Checks shared by every text field of the API. Lengths are counted in Unicode code
 * points, the way the API documents "characters".
 */
public final class TextRules {

	private TextRules() {
	}

	/**
	 * Refuses text that is not valid Unicode (JSON can smuggle in a lone surrogate as
	 * {@code \\ud800}) or that PostgreSQL cannot store (U+0000).
	 */
	public static void requireValidText(String field, String value) {
		int at = firstUnstorable(value, 0);
		if (at < 0) {
			return;
		}
		if (value.charAt(at) == '\u0000') {
			throw ApiException.invalidRequest(field + " must not contain the NUL character (U+0000)");
		}
		throw ApiException.invalidRequest(field + " is not valid Unicode text (it contains a lone surrogate)");
	}

	/**
	 * Whether PostgreSQL can store the text, as {@link #requireValidText} requires.
	 */
	public static boolean isStorable(String text) {
		return firstUnstorable(text, 0) < 0;
	}

	/**
	 * The text with U+FFFD, the replacement character, in place of each character that
	 * {@link #requireValidText} refuses: for text memstore records rather than refuses,
	 * such as what an agent produced.
	 */
	public static String storable(String text) {
		int at = firstUnstorable(text, 0);
		if (at < 0) {
			return text;
		}
		StringBuilder storable = new StringBuilder(text.length());
		int from = 0;
		while (at >= 0) {
			storable.append(text, from, at).append('\uFFFD');
			from = at + 1;
			at = firstUnstorable(text, from);
		}
		return storable.append(text, from, text.length()).toString();
	}

	/**
	 * Where the first character from {@code from} on lies that PostgreSQL cannot store as
	 * text: a NUL, or a surrogate without its other half; -1 if there is none.
	 */
	private static int firstUnstorable(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (c == '\u0000' || Character.isSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Refuses text anywhere inside a JSON value, keys included, that
	 * {@link #requireValidText} refuses: free-form JSON is stored as PostgreSQL
	 * {@code jsonb}, which cannot hold a NUL either.
	 * @param field where the value is, such as {@code budget} or {@code events[0]}
	 */
	public static void requireValidTextWithin(String field, Object value) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> {
				String name = String.valueOf(key);
				requireValidText("a key of " + field, name);
				requireValidTextWithin(field + "." + name, item);
			});
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				requireValidTextWithin(field + "[" + i + "]", list.get(i));
			}
		}
		else if (value instanceof String text) {
			requireValidText(field, text);
		}
	}

	public static void requireLength(String field, String value, int min, int max) {
		int length = value.codePointCount(0, value.length());
		if (length < min || length > max) {
			String range = (min == 0) ? "at most " + max : min + " to " + max;
			throw ApiException.invalidRequest(field + " must be " + range + " characters long, got " + length);
		}
	}

	/**
	 * A required, single-line name of 1 to {@code maxLength} characters.
	 */
	public static void requireName(String field, String value, int maxLength) {
		if (value == null) {
			throw ApiException.invalidRequest(field + " is required");
		}
		requireValidText(field, value);
		requireNoControlCharacters(field, value);
		requireLength(field, value, 1, maxLength);
	}

	private static void requireNoControlCharacters(String field, String value) {
		if (value.codePoints().anyMatch((c) -> Character.getType(c) == Character.CONTROL)) {
			throw ApiException.invalidRequest(field + " must not contain control characters");
		}
	}

}
