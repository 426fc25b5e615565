package dev.memstore.api;

import java.time.Duration;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.TestWorkspaces;
import dev.memstore.support.WebhookReceiver;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus endpoint answers without a key and its {@code memstore_} metrics move
 * with what memstore does: requests per route and status, memory writes and bytes by
 * author type, turns started and ended and their duration, open streams, the database,
 * webhook deliveries by outcome, failed attempts and the retry backlog, and the
 * self-hosted work queue.
 */
@MemstoreIntegrationTest
class MetricsTest {

	@LocalServerPort
	int port;

	@Test
	void theMetricsExistAndMoveWithRequestsWritesAndTurns() {
		AnthropicClient client = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());
		String before = scrape();

		String store = client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Metered").build())
			.id();
		client.beta()
			.memoryStores()
			.memories()
			.create(store, MemoryCreateParams.builder().path("/a.md").content("twelve bytes").build());
		String session = SessionFixtures.sessionMounting(client,
				SessionFixtures.agentWithToolset(client, "Offline", "memstore-offline"),
				SessionFixtures.environment(client, "e"), store);
		SessionMessages.send(client, session, "Remember that metrics move.");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> value(scrape(), "memstore_turns_ended_total", "outcome=\"completed\"",
					"stop_reason=\"end_turn\"") > value(before, "memstore_turns_ended_total", "outcome=\"completed\"",
							"stop_reason=\"end_turn\""));
		String after = scrape();

		assertThat(moved(before, after, "memstore_http_server_requests_seconds_count",
				"uri=\"/v1/memory_stores/{memory_store_id}/memories\"", "status=\"200\"", "method=\"POST\""))
			.isEqualTo(1);
		assertThat(moved(before, after, "memstore_memory_writes_total", "actor=\"api_actor\"", "operation=\"created\""))
			.isEqualTo(1);
		assertThat(moved(before, after, "memstore_memory_written_bytes_total", "actor=\"api_actor\"")).isEqualTo(12);
		assertThat(moved(before, after, "memstore_memory_writes_total", "actor=\"session_actor\""))
			.as("the turn noted the message")
			.isGreaterThanOrEqualTo(1);
		assertThat(moved(before, after, "memstore_turns_started_total")).isGreaterThanOrEqualTo(1);
		assertThat(moved(before, after, "memstore_turn_duration_seconds_count")).isGreaterThanOrEqualTo(1);
		for (String gauge : List.of("memstore_turns_queued", "memstore_streams_open", "hikaricp_connections_active",
				"memstore_database_outages_total")) {
			assertThat(after).as(gauge).containsPattern("(?m)^" + gauge + "(\\{.*\\})? ");
		}
		assertThat(value(after, "memstore_database_available")).isEqualTo(1);
	}

	@Test
	void theWebhookMetricsMoveWithDeliveriesFailuresAndRetries() {
		TestWorkspaces.Workspace workspace = TestWorkspaces.create(this.port);
		AnthropicClient client = Sdk.client(this.port, workspace.apiKey());
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			RawApi.Response endpoint = new RawApi(this.port)
				.operator("POST", "/_memstore/workspaces/" + workspace.id() + "/webhooks")
				.json("{\"url\":\"" + receiver.url() + "\",\"enabled_events\":[\"memory_store.created\"]}")
				.send();
			assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
			receiver.answer(500);
			String before = scrape();

			String store = client.beta()
				.memoryStores()
				.create(MemoryStoreCreateParams.builder().name("Announced").build())
				.id();
			receiver.awaitFirst((delivery) -> delivery.dataId().equals(store) && delivery.answered() == 500,
					"the failed first attempt");
			await().atMost(Duration.ofSeconds(10)).until(() -> value(scrape(), "memstore_webhooks_retrying") >= 1);
			receiver.awaitFirst((delivery) -> delivery.dataId().equals(store) && delivery.answered() == 200,
					"the retry");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> moved(before, scrape(), "memstore_webhooks_deliveries_total",
						"outcome=\"delivered\"") >= 1);
			String after = scrape();

			assertThat(moved(before, after, "memstore_webhooks_failures_total", "kind=\"status\"")).isEqualTo(1);
			assertThat(moved(before, after, "memstore_webhooks_attempt_duration_seconds_count", "outcome=\"failed\""))
				.isEqualTo(1);
			assertThat(
					moved(before, after, "memstore_webhooks_attempt_duration_seconds_count", "outcome=\"succeeded\""))
				.isEqualTo(1);
			for (String gauge : List.of("memstore_webhooks_pending", "memstore_webhooks_retrying",
					"memstore_webhooks_endpoints_disabled_total")) {
				assertThat(after).as(gauge).containsPattern("(?m)^" + gauge + "(\\{.*\\})? ");
			}
		}
	}

	@Test
	void theWorkQueueMetricsMoveWithQueueingDeliveriesAndExpiredLeases() {
		TestWorkspaces.Workspace workspace = TestWorkspaces.create(this.port);
		AnthropicClient client = Sdk.client(this.port, workspace.apiKey());
		RawApi api = new RawApi(this.port);
		String environmentId = SessionFixtures.selfHostedEnvironment(client, "Metered");
		String key = api
			.operator("POST", "/_memstore/workspaces/" + workspace.id() + "/environments/" + environmentId + "/keys")
			.send()
			.json()
			.path("secret")
			.asText();
		String before = scrape();

		String agentId = SessionFixtures.agentWithToolset(client, "Worker's agent", "memstore-offline");
		client.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent(agentId).environmentId(environmentId).build());
		assertThat(value(scrape(), "memstore_selfhosted_work_queued")).isGreaterThanOrEqualTo(1);
		RawApi.Response polled = api
			.managedAgentsApi("GET", "/v1/environments/" + environmentId + "/work/poll?block_ms=500", key)
			.send();
		assertThat(polled.status()).as(polled.body()).isEqualTo(200);
		String workPath = "/v1/environments/" + environmentId + "/work/" + polled.json().path("id").asText();
		assertThat(api.managedAgentsApi("POST", workPath + "/ack", key).send().status()).isEqualTo(200);
		// Acknowledged and never claimed by a heartbeat: the claim window (2 s in tests)
		// runs out and the sweep offers the item again.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> moved(before, scrape(), "memstore_selfhosted_work_lease_expiries_total") >= 1);
		assertThat(moved(before, scrape(), "memstore_selfhosted_work_deliveries_total")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void aRefusedRequestIsCountedUnderItsStatus() {
		String before = scrape();
		RawApi.Response refused = new RawApi(this.port).memoryApi("GET", "/v1/memory_stores/memstore_nope", "wrong-key")
			.send();
		assertThat(refused.status()).isEqualTo(401);

		assertThat(moved(before, scrape(), "memstore_http_server_requests_seconds_count", "status=\"401\""))
			.isEqualTo(1);
	}

	private String scrape() {
		RawApi.Response response = new RawApi(this.port).request("GET", "/actuator/prometheus").send();
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

	private static double moved(String before, String after, String name, String... labels) {
		return value(after, name, labels) - value(before, name, labels);
	}

	/**
	 * The sum of a metric's samples whose labels include all of those given.
	 */
	static double value(String scrape, String name, String... labels) {
		double sum = 0;
		for (String line : scrape.split("\n")) {
			if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
				continue;
			}
			boolean matches = true;
			for (String label : labels) {
				matches &= line.contains(label);
			}
			if (matches) {
				sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return sum;
	}

}
