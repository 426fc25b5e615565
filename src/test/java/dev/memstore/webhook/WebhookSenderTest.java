package dev.memstore.webhook;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.standardwebhooks.Webhook;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * One attempt against a real HTTP server: a POST signed per Standard Webhooks, answered
 * by its status alone (a redirect is a failure, never followed), within bounds however
 * the endpoint behaves, and refused before sending when
 * {@code memstore.webhooks.require-public-https} forbids the address.
 */
@Tag("fast")
class WebhookSenderTest {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String BODY = "{\"type\":\"event\",\"id\":\"event_1\"}";

	MockWebServer server;

	@BeforeEach
	void aServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
	}

	@AfterEach
	void stopIt() throws IOException {
		this.server.shutdown();
	}

	@Test
	void anAttemptIsAPostOfTheBodySignedWithTheEndpointsSecret() throws Exception {
		this.server.enqueue(new MockResponse().setResponseCode(204));

		AttemptResult result = sender(false, Duration.ofSeconds(5)).send(claim(this.server.url("/in").toString()));

		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(result.succeeded()).isTrue();
		assertThat(result.statusCode()).isEqualTo(204);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getPath()).isEqualTo("/in");
		assertThat(request.getHeader("content-type")).startsWith("application/json");
		assertThat(request.getHeader("user-agent")).isEqualTo(WebhookSender.USER_AGENT);
		assertThat(request.getHeader("webhook-id")).isEqualTo("event_1");
		String body = request.getBody().readUtf8();
		assertThat(body).isEqualTo(BODY);
		Map<String, List<String>> headers = Map.of("webhook-id", List.of(request.getHeader("webhook-id")),
				"webhook-timestamp", List.of(request.getHeader("webhook-timestamp")), "webhook-signature",
				List.of(request.getHeader("webhook-signature")));
		assertThatNoException().isThrownBy(() -> new Webhook(SECRET).verify(body, headers));
		assertThat(Long.parseLong(request.getHeader("webhook-timestamp"))).isCloseTo(Instant.now().getEpochSecond(),
				org.assertj.core.data.Offset.offset(60L));
	}

	@Test
	void aRedirectIsAFailedAttemptAndIsNotFollowed() {
		this.server.enqueue(new MockResponse().setResponseCode(302).setHeader("location", "http://10.0.0.1/elsewhere"));

		AttemptResult result = attempt(false, Duration.ofSeconds(5));

		assertThat(result.succeeded()).isFalse();
		assertThat(result.statusCode()).isEqualTo(302);
		assertThat(result.failure()).isEqualTo("status");
		assertThat(result.describe()).isEqualTo("HTTP 302");
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void anEndpointThatDoesNotAnswerIsGivenUpAfterTheTimeout() {
		this.server.enqueue(new MockResponse().setResponseCode(200).setHeadersDelay(3, TimeUnit.SECONDS));

		AttemptResult result = attempt(false, Duration.ofSeconds(1));

		assertThat(result.succeeded()).isFalse();
		assertThat(result.failure()).isEqualTo("timeout");
		assertThat(result.error()).isEqualTo("no answer within 1 s");
		assertThat(result.duration()).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void anAnswerWhoseBodyNeverEndsCountsByItsStatusWithinTheBound() {
		this.server.enqueue(new MockResponse().setResponseCode(200)
			.setBody("x".repeat(1024 * 1024))
			.throttleBody(64, 1, TimeUnit.SECONDS));

		AttemptResult result = attempt(false, Duration.ofSeconds(1));

		assertThat(result.statusCode()).isEqualTo(200);
		assertThat(result.succeeded()).isTrue();
		assertThat(result.duration()).isLessThan(Duration.ofSeconds(6));
	}

	@Test
	void aLongAnswerIsReadNoFurtherThanItsFirstBytes() {
		this.server.enqueue(new MockResponse().setResponseCode(500).setBody("x".repeat(8 * 1024 * 1024)));

		AttemptResult result = attempt(false, Duration.ofSeconds(5));

		assertThat(result.statusCode()).isEqualTo(500);
		assertThat(result.duration()).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void noListenerIsAConnectionFailureThatSaysWhere() throws Exception {
		String url = this.server.url("/in").toString();
		int port = this.server.getPort();
		this.server.shutdown();

		AttemptResult result = sender(false, Duration.ofSeconds(5)).send(claim(url));

		assertThat(result.succeeded()).isFalse();
		assertThat(result.statusCode()).isNull();
		assertThat(result.failure()).isEqualTo("connection");
		assertThat(result.error()).contains(":" + port);
	}

	@Test
	void requiringPublicHttpsRefusesAPrivateAddressBeforeSendingAnything() {
		AttemptResult result = attempt(true, Duration.ofSeconds(5));

		assertThat(result.succeeded()).isFalse();
		assertThat(result.failure()).isEqualTo("refused");
		assertThat(result.error()).contains("must be https (memstore.webhooks.require-public-https)");
		assertThat(this.server.getRequestCount()).isZero();
	}

	private AttemptResult attempt(boolean requirePublicHttps, Duration timeout) {
		try {
			return sender(requirePublicHttps, timeout).send(claim(this.server.url("/in").toString()));
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static WebhookSender sender(boolean requirePublicHttps, Duration timeout) {
		return new WebhookSender(new WebhookProperties(requirePublicHttps, Duration.ofHours(24), Duration.ofSeconds(1),
				timeout, 8, 2, Duration.ofDays(7), Duration.ofSeconds(10), 32));
	}

	private static DeliveryClaim claim(String url) {
		return new DeliveryClaim("whep_1", "event_1", "memory_store.created", url, SECRET, BODY, 0, Instant.now());
	}

}
