package dev.memstore.memory;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Sha256;
import dev.memstore.kernel.TextRules;

/**
 * The content of a memory, checked and measured: UTF-8 text of at most 102,400 bytes,
 * with the lowercase hex SHA-256 and the byte count of exactly those bytes.
 *
 * @param text the content
 * @param sha256 lowercase hex SHA-256 of the UTF-8 bytes, no normalization
 * @param sizeBytes the number of UTF-8 bytes
 */
public record MemoryContent(String text, String sha256, int sizeBytes) {

	/** The most UTF-8 bytes a memory holds. */
	public static final int MAX_BYTES = 102_400;

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	/**
	 * Checks and measures a memory's content, as every write does.
	 * @throws ApiException when the content is missing, not valid text or too large
	 */
	public static MemoryContent of(String text) {
		if (text == null) {
			throw ApiException.invalidRequest("content is required (\"\" makes an empty memory)");
		}
		TextRules.requireValidText("content", text);
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > MAX_BYTES) {
			throw ApiException.invalidRequest("content is " + bytes.length
					+ " bytes of UTF-8; a memory may hold at most " + MAX_BYTES + " bytes");
		}
		return new MemoryContent(text, Sha256.hex(bytes), bytes.length);
	}

	/**
	 * Refuses a client-supplied hash that is not 64 lowercase hex characters.
	 */
	static void requireSha256(String field, String value) {
		if (value == null || !SHA256.matcher(value).matches()) {
			throw ApiException.invalidRequest(field + " must be 64 lowercase hexadecimal characters (a SHA-256)");
		}
	}

}
