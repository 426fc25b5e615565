package dev.memstore.webhook;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Signatures are the Standard Webhooks scheme's: the scheme's published test vector
 * reproduces exactly, and a new secret has the platform's form.
 */
@Tag("fast")
class WebhookSignerTest {

	/**
	 * The test vector of the Standard Webhooks specification and its reference libraries:
	 * reproducing a signature they computed is what proves a receiver's library accepts
	 * ours, which a round trip through our own code could not.
	 */
	@Test
	void theSchemesPublishedTestVectorReproducesExactly() {
		String signature = WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
				1614265330, "{\"test\": 2432232314}");

		assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void aNewSecretIsWhsecAndThirtyTwoRandomBytesAndVerifiesWhatItSigns() throws Exception {
		String secret = WebhookSigner.newSecret();
		String other = WebhookSigner.newSecret();
		long now = System.currentTimeMillis() / 1000;
		String body = "{\"type\":\"event\"}";

		assertThat(secret).startsWith("whsec_").isNotEqualTo(other);
		assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
		Map<String, List<String>> headers = Map.of("webhook-id", List.of("event_1"), "webhook-timestamp",
				List.of(Long.toString(now)), "webhook-signature",
				List.of(WebhookSigner.sign(secret, "event_1", now, body)));
		assertThatNoException().isThrownBy(() -> new Webhook(secret).verify(body, headers));
	}

}
