package dev.memstore.webhook;

import java.security.SecureRandom;
import java.util.Base64;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;

/**
 * Standard Webhooks signatures, with the scheme's reference library (the one the official
 * SDKs verify with): {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body}
 * under the key a {@code whsec_} secret encodes. Signing secrets are made here too.
 */
final class WebhookSigner {

	static final String SECRET_PREFIX = "whsec_";

	/** As the platform's secrets: 32 random bytes. */
	static final int SECRET_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSigner() {
	}

	static String newSecret() {
		byte[] key = new byte[SECRET_BYTES];
		RANDOM.nextBytes(key);
		return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/**
	 * The {@code webhook-signature} header of one attempt.
	 * @param timestampSeconds the attempt's {@code webhook-timestamp}, seconds since the
	 * epoch
	 */
	static String sign(String secret, String webhookId, long timestampSeconds, String body) {
		try {
			return new Webhook(secret).sign(webhookId, timestampSeconds, body);
		}
		catch (EmptyWebhookSecretException | WebhookSigningException ex) {
			throw new IllegalStateException("cannot sign with the endpoint's secret: " + ex.getMessage(), ex);
		}
	}

}
