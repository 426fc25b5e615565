package dev.memstore.memory;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import dev.memstore.kernel.ApiException;

/**
 * The rules of memory paths, used by every writer: the API, the session sandbox and the
 * admin page.
 * <p>
 * A path starts with {@code /}, has 1 to 20 non-empty segments, none of them {@code .} or
 * {@code ..}; it holds no control or format character, no line or paragraph separator, is
 * valid Unicode in NFC, and is 2 characters to 1,024 UTF-8 bytes long. Paths are
 * case-sensitive and compared byte-wise.
 */
public final class MemoryPaths {

	public static final int MAX_SEGMENTS = 20;

	public static final int MAX_BYTES = 1024;

	private MemoryPaths() {
	}

	/**
	 * Refuses a path that breaks a rule, naming the rule.
	 * @param field how the client named the value, for the message
	 */
	public static void validate(String field, String path) {
		if (path == null) {
			throw ApiException.invalidRequest(field + " is required");
		}
		if (!path.startsWith("/")) {
			throw ApiException.invalidRequest(field + " must start with /");
		}
		if (path.codePointCount(0, path.length()) < 2) {
			throw ApiException.invalidRequest(field + " must name a file below /, such as /notes.md");
		}
		int bytes = path.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_BYTES) {
			throw ApiException.invalidRequest(
					field + " is " + bytes + " bytes of UTF-8; paths may be at most " + MAX_BYTES + " bytes");
		}
		requireOnlyAllowedCharacters(field, path);
		if (!Normalizer.isNormalized(path, Normalizer.Form.NFC)) {
			throw ApiException.invalidRequest(field + " must be in Unicode normalization form NFC");
		}
		if (path.endsWith("/")) {
			throw ApiException.invalidRequest(field + " must not end with /");
		}
		String[] segments = path.substring(1).split("/", -1);
		if (segments.length > MAX_SEGMENTS) {
			throw ApiException.invalidRequest(
					field + " has " + segments.length + " segments; paths may have at most " + MAX_SEGMENTS);
		}
		for (String segment : segments) {
			if (segment.isEmpty()) {
				throw ApiException.invalidRequest(field + " must not contain empty segments (//)");
			}
			if (segment.equals(".") || segment.equals("..")) {
				throw ApiException.invalidRequest(field + " must not contain . or .. segments");
			}
		}
	}

	/**
	 * Refuses a listing prefix that does not start and end with {@code /} or whose
	 * segments break the path rules. {@code /} is the whole store.
	 */
	public static void validatePrefix(String prefix) {
		if (prefix == null || !prefix.startsWith("/") || !prefix.endsWith("/")) {
			throw ApiException.invalidRequest(
					"path_prefix must start and end with / (such as /notes/), as it matches whole segments");
		}
		if (!prefix.equals("/")) {
			validate("path_prefix", prefix.substring(0, prefix.length() - 1));
		}
	}

	/**
	 * The path and each of its ancestors: {@code /a/b/c.md} gives {@code /a},
	 * {@code /a/b} and {@code /a/b/c.md}. A memory at any of them would collide with one
	 * at this path.
	 */
	static List<String> selfAndAncestors(String path) {
		List<String> paths = new ArrayList<>();
		for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
			paths.add(path.substring(0, slash));
		}
		paths.add(path);
		return paths;
	}

	/**
	 * The least string above every path under {@code directory} (which ends with
	 * {@code /}): {@code /a/} gives {@code /a0}, as {@code 0} follows {@code /} in byte
	 * order.
	 */
	public static String subtreeEnd(String directory) {
		return directory.substring(0, directory.length() - 1) + "0";
	}

	/**
	 * The least string above {@code path} that could be a path: paths hold no control
	 * characters, so nothing lies between {@code path} and {@code path + U+0001}.
	 */
	static String successor(String path) {
		return path + "\u0001";
	}

	private static void requireOnlyAllowedCharacters(String field, String path) {
		for (int i = 0; i < path.length();) {
			int codePoint = path.codePointAt(i);
			switch (Character.getType(codePoint)) {
				case Character.SURROGATE -> throw ApiException
					.invalidRequest(field + " is not valid Unicode text (it contains a lone surrogate)");
				case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
					throw ApiException.invalidRequest(field + " must not contain control, format or line-separator "
							+ "characters (found U+" + String.format("%04X", codePoint) + ")");
				default -> {
				}
			}
			i += Character.charCount(codePoint);
		}
	}

}
