package dev.memstore.kernel;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The credentials memstore generates (API keys, environment keys, sessions tokens): a
 * prefix that says what a secret is, then 40 random letters and digits, and a SHA-256 of
 * the whole kept at rest.
 */
public final class GeneratedSecrets {

	private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private static final int RANDOM_CHARACTERS = 40;

	private static final SecureRandom RANDOM = new SecureRandom();

	private GeneratedSecrets() {
	}

	public static String generate(String prefix) {
		StringBuilder secret = new StringBuilder(prefix);
		for (int i = 0; i < RANDOM_CHARACTERS; i++) {
			secret.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
		}
		return secret.toString();
	}

	/**
	 * SHA-256 suits generated secrets (238 random bits): a slow password hash would only
	 * slow every request.
	 */
	public static String hash(String secret) {
		return Sha256.hex(secret.getBytes(StandardCharsets.UTF_8));
	}

}
