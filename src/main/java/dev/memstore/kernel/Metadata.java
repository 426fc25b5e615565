package dev.memstore.kernel;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code metadata} bag of stores and sessions: at most 16 pairs, keys of 1 to 64
 * characters, values of at most 512. Writes are patches: a string value sets a key,
 * {@code null} removes it, absent keys stay.
 */
public final class Metadata {

	public static final int MAX_PAIRS = 16;

	public static final int MAX_KEY_LENGTH = 64;

	public static final int MAX_VALUE_LENGTH = 512;

	private Metadata() {
	}

	/**
	 * Applies {@code patch} to {@code current} and returns the resulting bag, refusing
	 * any key or value, or a resulting size, outside the limits.
	 * @param patch the requested changes, or {@code null} for none
	 */
	public static Map<String, String> patch(Map<String, String> current, Map<String, String> patch) {
		Map<String, String> result = new TreeMap<>(current);
		if (patch == null) {
			return result;
		}
		patch.forEach((key, value) -> {
			TextRules.requireValidText("metadata key", key);
			TextRules.requireLength("metadata key '" + key + "'", key, 1, MAX_KEY_LENGTH);
			if (value == null) {
				result.remove(key);
			}
			else {
				TextRules.requireValidText("metadata value of '" + key + "'", value);
				TextRules.requireLength("metadata value of '" + key + "'", value, 0, MAX_VALUE_LENGTH);
				result.put(key, value);
			}
		});
		if (result.size() > MAX_PAIRS) {
			throw ApiException.invalidRequest(
					"metadata may hold at most " + MAX_PAIRS + " pairs; this request would leave " + result.size());
		}
		return result;
	}

}
