package dev.memstore.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.memstore.kernel.GeneratedSecrets;

/**
 * How API key secrets look, and how a presented secret is compared in constant time.
 */
final class ApiKeySecrets {

	private static final String PREFIX = "sk-memstore-";

	private ApiKeySecrets() {
	}

	static String generate() {
		return GeneratedSecrets.generate(PREFIX);
	}

	static String hint(String secret) {
		String tail = secret.substring(Math.max(0, secret.length() - 4));
		return (secret.startsWith(PREFIX) ? PREFIX : "") + "..." + tail;
	}

	static boolean matches(String presented, String expected) {
		return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
				expected.getBytes(StandardCharsets.UTF_8));
	}

}
