package dev.memstore.api;

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
