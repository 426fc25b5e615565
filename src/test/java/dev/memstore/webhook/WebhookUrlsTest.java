package dev.memstore.webhook;

import java.net.InetAddress;
import java.net.URI;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An endpoint's URL is an http or https URL with a host, without credentials or a
 * fragment; {@code require-public-https} adds https and public addresses only.
 */
@Tag("fast")
class WebhookUrlsTest {

	@Test
	void httpAndHttpsToAnyHostAreAcceptedByDefaultLoopbackAndPrivateIncluded() {
		for (String url : new String[] { "http://127.0.0.1:9000/hooks", "https://hooks.example.com/a?b=c",
				"HTTP://10.1.2.3/x", "http://[::1]:8080/", "http://receiver.internal/hook" }) {
			assertThat(WebhookUrls.requireValid(url, false)).isEqualTo(url);
		}
	}

	@Test
	void otherSchemesRelativeUrlsCredentialsAndFragmentsAreRefusedNamingTheRule() {
		assertRefused("ftp://example.com/x", "url must be an http or https URL");
		assertRefused("/hooks", "url must be an http or https URL");
		assertRefused("example.com/hooks", "url must be an http or https URL");
		assertRefused("http:///hooks", "url must name a host");
		assertRefused("https://user:secret@example.com/", "url must not hold credentials");
		assertRefused("https://example.com/#part", "url must not have a fragment");
		assertRefused("https://exa mple.com/", "url is not a valid URL");
		assertRefused("", "url must be 1 to 2048 characters long");
		assertRefused("https://example.com/" + "a".repeat(2048), "url must be 1 to 2048 characters long");
		assertRefused(null, "url is required");
	}

	@Test
	void requiringPublicHttpsRefusesPlainHttpAndEveryNonPublicAddress() {
		assertThat(WebhookUrls.requireValid("https://93.184.216.34/hooks", true)).isNotNull();
		assertRefusedWhenPublic("http://93.184.216.34/hooks", "must be https (memstore.webhooks.require-public-https)");
		for (String host : new String[] { "127.0.0.1", "10.0.0.7", "172.16.5.4", "192.168.1.1", "169.254.169.254",
				"100.64.0.1", "0.0.0.0", "[::1]", "[fd00::1]", "[fe80::1]", "[::ffff:10.0.0.1]", "localhost" }) {
			assertRefusedWhenPublic("https://" + host + "/hooks", "which is not a public address");
		}
		assertRefusedWhenPublic("https://no-such-host.invalid/hooks", "names a host that does not resolve");
	}

	@Test
	void theDeliveryTimeCheckGivesTheSameReasons() {
		assertThat(WebhookUrls.whyNotPublicHttps(URI.create("https://93.184.216.34/"))).isNull();
		assertThat(WebhookUrls.whyNotPublicHttps(URI.create("https://127.0.0.1:8443/")))
			.isEqualTo("resolves to 127.0.0.1, which is not a public address (memstore.webhooks.require-public-https)");
	}

	@Test
	void publicAddressesAreTheOnesOnTheInternet() throws Exception {
		assertThat(WebhookUrls.isPublic(InetAddress.getByName("8.8.8.8"))).isTrue();
		assertThat(WebhookUrls.isPublic(InetAddress.getByName("2606:4700::1111"))).isTrue();
		assertThat(WebhookUrls.isPublic(InetAddress.getByName("198.18.0.1"))).isFalse();
		assertThat(WebhookUrls.isPublic(InetAddress.getByName("255.255.255.255"))).isFalse();
		assertThat(WebhookUrls.isPublic(InetAddress.getByName("224.0.0.1"))).isFalse();
	}

	private static void assertRefused(String url, String message) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> WebhookUrls.requireValid(url, false))
			.satisfies((refusal) -> assertThat(refusal.type()).isEqualTo(ApiErrorType.INVALID_REQUEST))
			.withMessageContaining(message);
	}

	private static void assertRefusedWhenPublic(String url, String message) {
		assertThat(WebhookUrls.requireValid(url, false)).as("allowed without the setting").isEqualTo(url);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> WebhookUrls.requireValid(url, true))
			.withMessageContaining(message);
	}

}
