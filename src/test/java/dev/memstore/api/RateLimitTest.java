package dev.memstore.api;

import java.time.Duration;
import java.time.Instant;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.beta.memorystores.BetaManagedAgentsMemoryStore;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import dev.memstore.support.LimitsIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Each API key's request rate ({@code memstore.limits.requests-per-minute}), through the
 * official Java SDK: a key over its limit gets what the real API answers, and no other
 * key notices.
 */
@LimitsIntegrationTest
class RateLimitTest {

	private static final int LIMIT = LimitsIntegrationTest.REQUESTS_PER_MINUTE;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	TestWorkspaces.Workspace workspace;

	String storeId;

	Duration refusalTook;

	@BeforeEach
	void freshKeyAndStore() {
		this.workspace = TestWorkspaces.create(this.port);
		this.storeId = Sdk.client(this.port, this.workspace.apiKey())
			.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("rate").build())
			.id();
	}

	@Test
	void everyAnswerCarriesTheKeysRateLimitHeaders() {
		AnthropicClient client = Sdk.clientWithoutRetries(this.port, this.workspace.apiKey());

		HttpResponseFor<BetaManagedAgentsMemoryStore> first = retrieveRaw(client);
		HttpResponseFor<BetaManagedAgentsMemoryStore> second = retrieveRaw(client);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().values("anthropic-ratelimit-requests-limit"))
			.containsExactly(Integer.toString(LIMIT));
		long remaining = Long.parseLong(first.headers().values("anthropic-ratelimit-requests-remaining").get(0));
		assertThat(remaining).isBetween(0L, LIMIT - 2L);
		assertThat(Long.parseLong(second.headers().values("anthropic-ratelimit-requests-remaining").get(0)))
			.isLessThanOrEqualTo(remaining);
		Instant reset = Instant.parse(first.headers().values("anthropic-ratelimit-requests-reset").get(0));
		assertThat(reset).isBetween(Instant.now(), Instant.now().plus(Duration.ofSeconds(61)));
		assertThat(first.headers().values("retry-after")).isEmpty();
	}

	@Test
	void aKeyOverItsLimitGetsRateLimitErrorWithRetryAfter() {
		AnthropicClient client = Sdk.clientWithoutRetries(this.port, this.workspace.apiKey());

		RateLimitException refused = exhaust(client);

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.body().toString()).contains("rate_limit_error").contains("requests-per-minute");
		assertThat(refused.headers().values("request-id")).singleElement()
			.satisfies((id) -> assertThat(id).startsWith("req_"));
		long retryAfter = Long.parseLong(refused.headers().values("retry-after").get(0));
		assertThat(retryAfter).isBetween(1L, 60L / LIMIT);
		assertThat(refused.headers().values("x-should-retry")).isEmpty();
		assertThat(refused.headers().values("anthropic-ratelimit-requests-limit"))
			.containsExactly(Integer.toString(LIMIT));
		assertThat(refused.headers().values("anthropic-ratelimit-requests-remaining")).containsExactly("0");
		assertThat(Instant.parse(refused.headers().values("anthropic-ratelimit-requests-reset").get(0)))
			.isAfter(Instant.now().plus(Duration.ofSeconds(50)));
	}

	@Test
	void aRefusalIsHeldForTheRefusalDelayBeforeItIsSent() {
		exhaust(Sdk.clientWithoutRetries(this.port, this.workspace.apiKey()));

		assertThat(this.refusalTook).isGreaterThan(Duration.ofMillis(900));
	}

	@Test
	void otherKeysAreNotLimitedEvenInTheSameWorkspace() {
		String sameWorkspaceKey = newKey(this.workspace.id());
		TestWorkspaces.Workspace other = TestWorkspaces.create(this.port);
		exhaust(Sdk.clientWithoutRetries(this.port, this.workspace.apiKey()));

		assertThat(retrieveRaw(Sdk.clientWithoutRetries(this.port, sameWorkspaceKey)).statusCode()).isEqualTo(200);
		assertThat(Sdk.clientWithoutRetries(this.port, other.apiKey()).beta().memoryStores().list().data()).isEmpty();
	}

	@Test
	void theSdkWaitsAsToldAndThenGetsThrough() {
		AnthropicClient sdk = Sdk.client(this.port, this.workspace.apiKey());
		// Whether the SDK's first try finds the bucket empty depends on how fast the
		// machine spent it; a few rounds make sure one of them does.
		for (int round = 0; round < 5; round++) {
			exhaust(Sdk.clientWithoutRetries(this.port, this.workspace.apiKey()));
			double refusedBefore = refusals();
			long started = System.nanoTime();

			BetaManagedAgentsMemoryStore store = sdk.beta().memoryStores().retrieve(this.storeId);

			assertThat(store.id()).isEqualTo(this.storeId);
			if (refusals() > refusedBefore) {
				// Refused (held a second) with retry-after: 1, waited, then admitted.
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1900));
				return;
			}
		}
		throw new AssertionError("the SDK's first try was never refused");
	}

	private double refusals() {
		return this.meters.counter("memstore.api.rate.limited.requests").count();
	}

	/**
	 * Spends the key's bucket: it holds {@value #LIMIT} requests, and refills one every
	 * {@code 60 / LIMIT} seconds.
	 * @return the first refusal
	 */
	private RateLimitException exhaust(AnthropicClient client) {
		for (int i = 0; i < 2 * LIMIT; i++) {
			long started = System.nanoTime();
			try {
				retrieveRaw(client);
			}
			catch (RateLimitException ex) {
				this.refusalTook = Duration.ofNanos(System.nanoTime() - started);
				return ex;
			}
		}
		throw new AssertionError("no request was refused among " + 2 * LIMIT);
	}

	private HttpResponseFor<BetaManagedAgentsMemoryStore> retrieveRaw(AnthropicClient client) {
		HttpResponseFor<BetaManagedAgentsMemoryStore> response = client.beta()
			.memoryStores()
			.withRawResponse()
			.retrieve(this.storeId);
		response.parse();
		return response;
	}

	private String newKey(String workspaceId) {
		RawApi.Response key = new RawApi(this.port)
			.operator("POST", "/_memstore/workspaces/" + workspaceId + "/api_keys")
			.json("{\"name\":\"second\"}")
			.send();
		assertThat(key.status()).isEqualTo(200);
		return key.json().path("secret").asString();
	}

}
