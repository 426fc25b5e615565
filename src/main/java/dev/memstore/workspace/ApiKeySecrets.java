package dev.memstore.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

import jakarta.servlet.http.HttpServletRequest;

import dev.memstore.api.PresentedCredential;
import dev.memstore.kernel.Sha256;

/**
 * How key secrets look, are hashed at rest and are read from a request.
 */
final class ApiKeySecrets {

	private static final String PREFIX = "sk-memstore-";

	private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private static final int RANDOM_CHARACTERS = 40;

	private static final SecureRandom RANDOM = new SecureRandom();

	private ApiKeySecrets() {
	}

	static String generate() {
		StringBuilder secret = new StringBuilder(PREFIX);
		for (int i = 0; i < RANDOM_CHARACTERS; i++) {
			secret.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
		}
		return secret.toString();
	}

	/**
	 * SHA-256 suits generated secrets (238 random bits): a slow password hash would only
	 * slow every request.
	 */
	static String hash(String secret) {
		return Sha256.hex(secret.getBytes(StandardCharsets.UTF_8));
	}

	static String hint(String secret) {
		String tail = secret.substring(Math.max(0, secret.length() - 4));
		return (secret.startsWith(PREFIX) ? PREFIX : "") + "..." + tail;
	}

	/**
	 * The key a request presents; {@code null} if none.
	 */
	static String presented(HttpServletRequest request) {
		return PresentedCredential.of(request);
	}

	static boolean matches(String presented, String expected) {
		return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
				expected.getBytes(StandardCharsets.UTF_8));
	}

}
