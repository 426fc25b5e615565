package dev.memstore.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;

import dev.memstore.api.PresentedCredential;
import dev.memstore.kernel.GeneratedSecrets;

/**
 * How key secrets look, are hashed at rest and are read from a request.
 */
final class ApiKeySecrets {

	private static final String PREFIX = "sk-memstore-";

	private ApiKeySecrets() {
	}

	static String generate() {
		return GeneratedSecrets.generate(PREFIX);
	}

	static String hash(String secret) {
		return GeneratedSecrets.hash(secret);
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
