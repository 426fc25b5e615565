package dev.memstore.selfhosted;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How environment keys and sessions tokens look (generated and hashed by
 * {@link dev.memstore.kernel.GeneratedSecrets}), and how a delivery's {@code secret}
 * carries its token. Each has a prefix of its own, never that of an API key
 * ({@code sk-memstore-} and letters and digits only), so that a request's credential is
 * looked up in one table only.
 */
final class SelfHostedSecrets {

	/** Environment keys, the counterpart of the platform's {@code sk-ant-oat01-}. */
	static final String ENVIRONMENT_KEY_PREFIX = "sk-memstore-ek-";

	/** Sessions tokens, the counterpart of the platform's {@code sk-ant-req-}. */
	static final String SESSIONS_TOKEN_PREFIX = "sk-memstore-st-";

	private SelfHostedSecrets() {
	}

	static String hint(String secret) {
		return ENVIRONMENT_KEY_PREFIX + "..." + secret.substring(secret.length() - 4);
	}

	/**
	 * A work item's {@code secret} as the SDK's worker decodes it: {@code base64url(JSON
	 * {"sessions_token": ...})}. The token holds letters, digits and dashes only, so the
	 * JSON needs no escaping.
	 */
	static String workSecret(String sessionsToken) {
		String json = "{\"sessions_token\":\"" + sessionsToken + "\"}";
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
