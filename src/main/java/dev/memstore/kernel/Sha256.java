package dev.memstore.kernel;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one hash memstore uses: memory content hashes, key secrets at rest, cursor
 * fingerprints.
 */
public final class Sha256 {

	private Sha256() {
	}

	public static byte[] digest(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The lowercase hex form, as the API shows {@code content_sha256}.
	 */
	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(digest(bytes));
	}

}
