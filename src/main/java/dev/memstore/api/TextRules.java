package dev.memstore.api;

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
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\u0000') {
				throw ApiException.invalidRequest(field + " must not contain the NUL character (U+0000)");
			}
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw ApiException.invalidRequest(field + " is not valid Unicode text (it contains a lone surrogate)");
			}
		}
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
