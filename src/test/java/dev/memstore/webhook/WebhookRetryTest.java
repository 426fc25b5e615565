package dev.memstore.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.WebhookReceiver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures: a failed delivery is retried with the same {@code webhook-id} until it
 * succeeds, or until the retry period ends, when the endpoint that succeeded at nothing
 * meanwhile is disabled, once and logged once, and gets nothing until it is enabled
 * again. A slow or dead endpoint slows neither the API nor the other endpoints.
 */
@MemstoreIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class WebhookRetryTest extends WebhookTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	WebhookService webhooks;

	@Test
	void aFailedDeliveryIsRetriedWithTheSameWebhookIdUntilItSucceeds() {
		JsonNode created = register("memory_store.created");
		String endpoint = created.path("id").asString();
		this.receiver.answer(500, 503);

		String store = newStore("Retried");

		await().atMost(Duration.ofSeconds(30)).until(() -> this.receiver.ofType("memory_store.created").size() == 3);
		List<WebhookReceiver.Delivery> tries = this.receiver.ofType("memory_store.created");
		assertThat(tries).extracting(WebhookReceiver.Delivery::answered).containsExactly(500, 503, 200);
		assertThat(tries).extracting(WebhookReceiver.Delivery::webhookId).containsOnly(tries.get(0).webhookId());
		assertThat(tries).extracting(WebhookReceiver.Delivery::body).containsOnly(tries.get(0).body());
		assertThat(tries)
			.allSatisfy((delivery) -> assertThat(delivery.unwrap(created.path("signing_secret").asString()).data().id())
				.isEqualTo(store));
		assertThat(Duration.ofNanos(tries.get(1).receivedAtNanos() - tries.get(0).receivedAtNanos()))
			.as("the first retry comes within 10 s")
			.isLessThan(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> attempts(endpoint).path(0).path("delivery_status").asString().equals("delivered"));
		JsonNode attempts = attempts(endpoint);
		assertThat(attempts).hasSize(3);
		assertThat(attempts.path(0).path("attempt").asInt()).isEqualTo(3);
		assertThat(attempts.path(0).path("status_code").asInt()).isEqualTo(200);
		assertThat(attempts.path(2).path("attempt").asInt()).isEqualTo(1);
		assertThat(attempts.path(2).path("status_code").asInt()).isEqualTo(500);
		assertThat(attempts.path(2).path("event_id").asString()).isEqualTo(tries.get(0).webhookId());
		assertThat(attempts.path(2).path("event_type").asString()).isEqualTo("memory_store.created");
		assertThat(attempts.path(2).path("error").isNull()).isTrue();
		assertThat(attempts.path(2).path("duration_ms").isNumber()).isTrue();
		assertThat(endpoint(endpoint).path("state").asString()).isEqualTo("enabled");
	}

	@Test
	void anEndpointFailingForTheWholeRetryPeriodIsDisabledOnceUntilEnabledAgain(CapturedOutput output) {
		String endpoint = register("memory_store.created").path("id").asString();
		this.receiver.answerAlways(500);
		String lost = newStore("Never delivered in time");
		this.receiver.awaitEvent("memory_store.created", lost);

		await().atMost(Duration.ofSeconds(40))
			.until(() -> endpoint(endpoint).path("state").asString().equals("disabled"));
		JsonNode disabled = endpoint(endpoint);
		int attemptsWhenDisabled = this.receiver.received().size();
		String whileDisabled = newStore("Happened while disabled");

		assertThat(disabled.path("disabled_reason").asString()).contains("memstore.webhooks.retry-period")
			.contains("HTTP 500");
		assertThat(attemptsWhenDisabled).as("the first attempt and its retries").isGreaterThanOrEqualTo(2);
		assertThat(attempts(endpoint).path(0).path("delivery_status").asString()).isEqualTo("failed");
		assertThat(this.jdbc
			.sql("""
					select count(*) from webhook_deliveries delivery join webhook_events event on event.id = delivery.event_id
					where delivery.endpoint_id = :endpoint and event.resource_id = :store""")
			.param("endpoint", endpoint)
			.param("store", whileDisabled)
			.query(Integer.class)
			.single()).as("events that happen while an endpoint is disabled are never delivered").isZero();
		assertThat(occurrences(output.getAll(), "Webhook endpoint " + endpoint + " is disabled")).isEqualTo(1);

		this.receiver.answerAlways(200);
		JsonNode enabled = update(endpoint, "{\"state\":\"enabled\"}").json();
		int redelivered = this.webhooks.redeliverFailed(this.workspace.id(), endpoint);
		String afterwards = newStore("After it was enabled again");

		assertThat(enabled.path("state").asString()).isEqualTo("enabled");
		assertThat(enabled.path("disabled_reason").asString()).isEmpty();
		assertThat(redelivered).isEqualTo(1);
		this.receiver.awaitFirst((delivery) -> delivery.dataId().equals(lost) && delivery.answered() == 200,
				"the given-up event, delivered again");
		this.receiver.awaitEvent("memory_store.created", afterwards);
		assertThat(this.receiver.received()).extracting(WebhookReceiver.Delivery::dataId).doesNotContain(whileDisabled);
	}

	@Test
	void whatADisabledEndpointWasStillOwedWaitsAndGoesOutWithAFreshRetryPeriodWhenItIsEnabled() {
		String endpoint = register("memory_store.created").path("id").asString();
		this.receiver.answerAlways(503);
		String owed = newStore("Owed");
		this.receiver.awaitEvent("memory_store.created", owed);

		JsonNode disabled = update(endpoint, "{\"state\":\"disabled\"}").json();
		int whenDisabled = this.receiver.received().size();
		String missed = newStore("Missed");
		// Longer than the retry period (MemstoreIntegrationTest.WEBHOOK_RETRY_PERIOD):
		// the owed delivery's own period is over when the endpoint is enabled again.
		await().alias("nothing sent while disabled")
			.during(Duration.ofSeconds(9))
			.atMost(Duration.ofSeconds(12))
			.until(() -> this.receiver.received().size() == whenDisabled);
		this.receiver.answerAlways(200).answer(503);
		JsonNode enabled = update(endpoint, "{\"state\":\"enabled\"}").json();

		assertThat(disabled.path("state").asString()).isEqualTo("disabled");
		assertThat(disabled.path("disabled_reason").asString()).as("the operator disabled it").isEmpty();
		assertThat(enabled.path("state").asString()).isEqualTo("enabled");
		this.receiver.awaitFirst((delivery) -> delivery.dataId().equals(owed) && delivery.answered() == 200,
				"the owed event, retried after the first attempt once enabled failed");
		assertThat(endpoint(endpoint).path("state").asString()).isEqualTo("enabled");
		assertThat(this.receiver.received()).extracting(WebhookReceiver.Delivery::dataId).doesNotContain(missed);
	}

	@Test
	void aSlowEndpointDelaysNeitherTheApiNorAnotherEndpoint() {
		register("memory_store.created");
		this.receiver.delay(Duration.ofSeconds(30));
		long start = System.nanoTime();
		for (int i = 0; i < 24; i++) {
			newStore("Backlog " + i);
		}
		try (WebhookReceiver fast = new WebhookReceiver()) {
			registerAt(this.workspace.id(), fast.url(), "memory_store.created");

			long fastStart = System.nanoTime();
			List<String> stores = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				stores.add(newStore("Store " + i));
			}
			Duration apiTime = Duration.ofNanos(System.nanoTime() - start);
			stores.forEach((store) -> fast.awaitEvent("memory_store.created", store));
			Duration fastTime = Duration.ofNanos(System.nanoTime() - fastStart);

			// Sent in line, each of the 32 events would wait for the slow endpoint's
			// timeout (3 s).
			assertThat(apiTime).as("32 creations answered while the other endpoint hangs")
				.isLessThan(Duration.ofSeconds(15));
			// The slow endpoint's backlog of 24 attempts of 3 s would hold all 8 senders
			// for 9 s; it holds 2 of them.
			assertThat(fastTime).as("the fast endpoint got every event").isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void theApiAnswersAtItsUsualSpeedWhileTheOnlyEndpointHangs() {
		String endpoint = register("memory_store.created").path("id").asString();
		this.receiver.delay(Duration.ofSeconds(30));

		long start = System.nanoTime();
		for (int i = 0; i < 5; i++) {
			newStore("While the receiver hangs " + i);
		}
		Duration apiTime = Duration.ofNanos(System.nanoTime() - start);

		// Sent in line, each creation would wait for the endpoint's timeout (3 s).
		assertThat(apiTime).isLessThan(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(20)).until(() -> attempts(endpoint).size() >= 5);
		assertThat(attempts(endpoint).path(0).path("error").asString()).startsWith("no answer within");
	}

	private String newStore(String name) {
		return this.client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name(name).build()).id();
	}

	private static int occurrences(String text, String part) {
		Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
