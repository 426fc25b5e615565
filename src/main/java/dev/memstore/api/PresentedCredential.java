package dev.memstore.api;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * The one way a credential is read from a request, whatever it turns out to be (API key,
 * environment key, sessions token, admin key): the SDKs send any of them in the same
 * headers, so only a look-up tells them apart.
 */
public final class PresentedCredential {

	private PresentedCredential() {
	}

	/**
	 * The credential a request presents, in {@code x-api-key} (as TypeScript 0.x and
	 * Python send it) or as {@code Authorization: Bearer} (as TypeScript 1.x and Java
	 * send it); {@code null} if neither.
	 */
	public static String of(HttpServletRequest request) {
		String apiKey = request.getHeader("x-api-key");
		if (apiKey != null && !apiKey.isBlank()) {
			return apiKey.trim();
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String token = authorization.substring(7).trim();
			return token.isEmpty() ? null : token;
		}
		return null;
	}

}
