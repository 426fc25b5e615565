package dev.memstore.kernel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors ({@code page_...}) shared by every list. A cursor holds the sort
 * key of the last item served and a fingerprint of the list and filters it was made for,
 * so it cannot be replayed against another query.
 */
public final class PageCursor {

	private static final String PREFIX = "page_";

	private static final int FORMAT = 1;

	private PageCursor() {
	}

	/**
	 * Encodes the position after an item.
	 * @param scope names the list and every filter and order that shaped it
	 * @param key the sort key of the last item served, most significant part first
	 */
	public static String encode(String scope, List<String> key) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			DataOutputStream out = new DataOutputStream(bytes);
			out.writeByte(FORMAT);
			out.writeLong(fingerprint(scope));
			out.writeByte(key.size());
			for (String part : key) {
				out.writeUTF(part);
			}
			return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Decodes a cursor made by {@link #encode} for the same scope.
	 * @throws ApiException {@code invalid_request_error} if the cursor is malformed, was
	 * made for another list or other filters, or does not have {@code parts} parts
	 */
	public static List<String> decode(String cursor, String scope, int parts) {
		if (cursor == null || !cursor.startsWith(PREFIX)) {
			throw invalid();
		}
		try {
			byte[] raw = Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length()));
			DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
			if (in.readUnsignedByte() != FORMAT) {
				throw invalid();
			}
			if (in.readLong() != fingerprint(scope)) {
				throw ApiException.invalidRequest(
						"the page cursor was issued for a different list or different filters; repeat the query that produced it");
			}
			int count = in.readUnsignedByte();
			if (count != parts) {
				throw invalid();
			}
			List<String> key = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				String part = in.readUTF();
				// Parts go into SQL as they are, and PostgreSQL fails a query on text it
				// cannot store, which no key this server wrote contains.
				if (!TextRules.isStorable(part)) {
					throw invalid();
				}
				key.add(part);
			}
			if (in.available() != 0) {
				throw invalid();
			}
			return key;
		}
		catch (IOException | IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/**
	 * Reads a timestamp part of a decoded cursor.
	 */
	public static Instant instantPart(String part) {
		Instant instant;
		try {
			instant = Instant.parse(part);
		}
		catch (DateTimeParseException ex) {
			throw invalid();
		}
		// Made from a stored timestamp, a cursor's instant is always within these years;
		// one outside them was forged, and PostgreSQL would fail the query on it.
		if (!Timestamps.isWithinRfc3339Years(instant)) {
			throw invalid();
		}
		return instant;
	}

	private static ApiException invalid() {
		return ApiException
			.invalidRequest("page is not a valid page cursor; pass the next_page value of a previous response");
	}

	private static long fingerprint(String scope) {
		return ByteBuffer.wrap(Sha256.digest(scope.getBytes(StandardCharsets.UTF_8))).getLong();
	}

}
