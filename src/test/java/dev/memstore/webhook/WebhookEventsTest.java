package dev.memstore.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.agents.AgentUpdateParams;
import com.anthropic.models.beta.environments.EnvironmentUpdateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import com.anthropic.models.beta.sessions.SessionUpdateParams;
import com.anthropic.models.beta.webhooks.UnwrapWebhookEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.PausingSession;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every event type memstore sends, caused through the official Java SDK, arrives at a
 * real receiver in the SDK's payload shape, signed so that the SDK's own
 * {@code webhooks().unwrap} verifies and parses it. ({@code session.status_rescheduled}
 * needs a model that asks to wait: {@code ClaudeSessionWebhooksTest} covers it.)
 */
@MemstoreIntegrationTest
class WebhookEventsTest extends WebhookTestSupport {

	@Test
	void everyEventTypeMemstoreSendsArrivesInTheSdksShapeAndVerifiesWithTheSdk() {
		String secret = register(WebhookEventTypes.SENT.toArray(String[]::new)).path("signing_secret").asString();
		Map<String, String> expected = new LinkedHashMap<>();

		String gone = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Gone").build())
			.id();
		this.client.beta().memoryStores().archive(gone);
		this.client.beta().memoryStores().delete(gone);
		expected.put("memory_store.created", gone);
		expected.put("memory_store.archived", gone);
		expected.put("memory_store.deleted", gone);

		String environment = SessionFixtures.environment(this.client, "Current");
		String oldEnvironment = SessionFixtures.environment(this.client, "Old");
		this.client.beta()
			.environments()
			.update(oldEnvironment, EnvironmentUpdateParams.builder().description("About to go").build());
		this.client.beta().environments().archive(oldEnvironment);
		this.client.beta().environments().delete(oldEnvironment);
		expected.put("environment.created", oldEnvironment);
		expected.put("environment.updated", oldEnvironment);
		expected.put("environment.archived", oldEnvironment);
		expected.put("environment.deleted", oldEnvironment);

		String agent = SessionFixtures.agentWithClientTools(this.client, "memstore-offline");
		String oldAgent = SessionFixtures.agentWithToolset(this.client, "Old", "memstore-offline");
		this.client.beta().agents().update(oldAgent, AgentUpdateParams.builder().name("Older").version(1).build());
		this.client.beta().agents().archive(oldAgent);
		expected.put("agent.created", oldAgent);
		expected.put("agent.updated", oldAgent);
		expected.put("agent.archived", oldAgent);

		String session = newSession(agent, environment);
		PausingSession turns = new PausingSession(this.client, session);
		SessionMessages.send(this.client, session, "Run this:\n```memstore-script\n"
				+ "[{\"tool\": \"lookup_order\", \"input\": {\"order_id\": \"A-1\"}}, {\"say\": \"Looked up.\"}]\n```\n");
		String call = PausingSession.only(turns.untilIdle(1), "agent.custom_tool_use").path("id").asText();
		turns.answer(call, "shipped on Monday", false);
		turns.untilIdle(2);
		this.client.beta().sessions().update(session, SessionUpdateParams.builder().title("Order A-1").build());
		this.client.beta().sessions().archive(session);
		String deleted = newSession(agent, environment);
		this.client.beta().sessions().delete(deleted);
		for (String type : List.of("session.created", "session.pending", "session.running",
				"session.status_run_started", "session.requires_action", "session.status_idled", "session.idled",
				"session.updated", "session.archived", "session.status_terminated")) {
			expected.put(type, session);
		}
		expected.put("session.deleted", deleted);

		List<String> sentHere = new ArrayList<>(WebhookEventTypes.SENT);
		sentHere.remove("session.status_rescheduled");
		assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(sentHere);
		expected.forEach((type, resourceId) -> {
			WebhookReceiver.Delivery delivery = this.receiver.awaitEvent(type, resourceId);
			assertDeliveredAsTheSdkReadsIt(delivery, secret, type, resourceId, this.workspace.id());
		});
	}

	@Test
	void aSessionsTurnIsAnnouncedInTheOrderItHappens() {
		register("session.pending", "session.running", "session.status_run_started", "session.status_idled",
				"session.idled");
		String agent = SessionFixtures.agentWithToolset(this.client, "Writer", "memstore-offline");
		String session = newSession(agent, SessionFixtures.environment(this.client, "env"));

		SessionMessages.send(this.client, session, "Hello.");

		this.receiver.awaitEvent("session.idled", session);
		List<String> types = this.receiver.received()
			.stream()
			.filter((delivery) -> delivery.dataId().equals(session))
			.sorted(Comparator.comparing((delivery) -> Instant.parse(delivery.json().path("created_at").asString())))
			.map(WebhookReceiver.Delivery::dataType)
			.toList();
		assertThat(types).containsExactlyInAnyOrder("session.pending", "session.running", "session.status_run_started",
				"session.status_idled", "session.idled");
		assertThat(types.get(0)).isEqualTo("session.pending");
		assertThat(types.subList(1, 3)).containsExactlyInAnyOrder("session.running", "session.status_run_started");
		assertThat(types.subList(3, 5)).containsExactlyInAnyOrder("session.status_idled", "session.idled");
	}

	@Test
	void aSelfHostedSessionAnnouncesThatItWaitsForItsWorkerAsAnyPausedTurnDoes() {
		register("session.requires_action", "session.running", "session.idled");
		String agent = SessionFixtures.agentWithToolset(this.client, "Worker agent", "memstore-offline");
		String session = newSession(agent, SessionFixtures.selfHostedEnvironment(this.client, "my machines"));
		PausingSession turns = new PausingSession(this.client, session);

		SessionMessages.send(this.client, session,
				"Run this:\n```memstore-script\n[{\"tool\": \"bash\", \"input\": {\"command\": \"ls\"}}]\n```\n");

		String call = PausingSession.only(turns.untilIdle(1), "agent.tool_use").path("id").asText();
		this.receiver.awaitEvent("session.requires_action", session);
		turns.answerAsWorker(call, "a.md", false);
		turns.untilIdle(2);
		this.receiver.awaitEvent("session.idled", session);
		await().untilAsserted(() -> assertThat(this.receiver.received()
			.stream()
			.filter((delivery) -> delivery.dataId().equals(session))
			.map(WebhookReceiver.Delivery::dataType)).containsExactlyInAnyOrder("session.running",
					"session.requires_action", "session.running", "session.idled"));
	}

	private String newSession(String agent, String environment) {
		return this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent(agent).environmentId(environment).build())
			.id();
	}

	/**
	 * What an application sees: the signature verifies with the endpoint's secret through
	 * the SDK's {@code unwrap}, and the event is the SDK's {@code BetaWebhookEvent} with
	 * nothing more or less.
	 */
	static void assertDeliveredAsTheSdkReadsIt(WebhookReceiver.Delivery delivery, String secret, String type,
			String resourceId, String workspaceId) {
		UnwrapWebhookEvent event = delivery.unwrap(secret).validate();
		assertThat(event.id()).startsWith("event_").isEqualTo(delivery.webhookId());
		assertThat(event._type()).isEqualTo(JsonValue.from("event"));
		assertThat(event.data().type()).hasToString(type);
		assertThat(event.data().id()).isEqualTo(resourceId);
		assertThat(event.data().workspaceId()).contains(workspaceId);
		assertThat(event.data().organizationId()).isEqualTo(WebhookService.ORGANIZATION_ID);
		assertThat(event.createdAt().toInstant()).isBetween(Instant.now().minusSeconds(120), Instant.now());
		JsonNode body = delivery.json();
		assertThat(body.propertyNames()).containsExactly("type", "id", "created_at", "data");
		assertThat(body.path("data").propertyNames()).containsExactly("type", "id", "workspace_id", "organization_id");
		assertThat(delivery.header("content-type")).startsWith("application/json");
		assertThat(delivery.header("user-agent")).startsWith("memstore-webhooks/");
		long timestamp = Long.parseLong(delivery.header("webhook-timestamp"));
		assertThat(Duration.ofSeconds(Math.abs(Instant.now().getEpochSecond() - timestamp)))
			.isLessThan(Duration.ofMinutes(2));
		assertThat(delivery.header("webhook-signature")).startsWith("v1,");
	}

}
