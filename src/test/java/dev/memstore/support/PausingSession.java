package dev.memstore.support;

import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsSessionEvent;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserCustomToolResultEventParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserToolConfirmationEventParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserToolResultEventParams;
import com.anthropic.models.beta.sessions.events.EventSendParams;
import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session whose turns pause for client-side tools, as a test drives it through the SDK:
 * its events as JSON, waiting for its next idle, answering its calls.
 */
public final class PausingSession {

	private final AnthropicClient client;

	private final String sessionId;

	/**
	 * Idles the session had before the test's first message: creating it is one.
	 */
	private final long idlesBefore;

	public PausingSession(AnthropicClient client, String sessionId) {
		this.client = client;
		this.sessionId = sessionId;
		this.idlesBefore = idleCount();
	}

	public long idlesBefore() {
		return this.idlesBefore;
	}

	public static BetaManagedAgentsUserCustomToolResultEventParams result(String callId, String text, boolean isError) {
		return BetaManagedAgentsUserCustomToolResultEventParams.builder()
			.type(JsonValue.from("user.custom_tool_result"))
			.customToolUseId(callId)
			.addTextContent(text)
			.isError(isError)
			.build();
	}

	/**
	 * The result a self-hosted worker sends for a built-in tool call it ran.
	 */
	public static BetaManagedAgentsUserToolResultEventParams workerResult(String callId, String text, boolean isError) {
		return BetaManagedAgentsUserToolResultEventParams.builder()
			.type(JsonValue.from("user.tool_result"))
			.toolUseId(callId)
			.addTextContent(text)
			.isError(isError)
			.build();
	}

	/**
	 * Answers a built-in tool call as a self-hosted worker does, with
	 * {@code user.tool_result}.
	 */
	public void answerAsWorker(String callId, String text, boolean isError) {
		this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId, EventSendParams.builder().addEvent(workerResult(callId, text, isError)).build());
	}

	public void answer(String callId, String text, boolean isError) {
		this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId, EventSendParams.builder().addEvent(result(callId, text, isError)).build());
	}

	public void confirm(String callId, String decision, String denyMessage) {
		BetaManagedAgentsUserToolConfirmationEventParams.Builder confirmation = BetaManagedAgentsUserToolConfirmationEventParams
			.builder()
			.type(JsonValue.from("user.tool_confirmation"))
			.toolUseId(callId)
			.result(BetaManagedAgentsUserToolConfirmationEventParams.Result.of(decision));
		if (denyMessage != null) {
			confirmation.denyMessage(denyMessage);
		}
		this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId, EventSendParams.builder().addEvent(confirmation.build()).build());
	}

	/**
	 * The session's events once it has gone idle {@code idles} times.
	 */
	public List<JsonNode> untilIdle(int idles) {
		await().until(() -> idleCount() >= this.idlesBefore + idles);
		return events();
	}

	public long idleCount() {
		return events().stream().filter((event) -> event.path("type").asText().equals("session.status_idle")).count();
	}

	public List<JsonNode> events() {
		return this.client.beta()
			.sessions()
			.events()
			.list(this.sessionId)
			.autoPager()
			.stream()
			.map((BetaManagedAgentsSessionEvent event) -> SdkEvents.json(event))
			.toList();
	}

	public static List<JsonNode> ofType(List<JsonNode> events, String type) {
		return events.stream().filter((event) -> event.path("type").asText().equals(type)).toList();
	}

	public static JsonNode only(List<JsonNode> events, String type) {
		List<JsonNode> found = ofType(events, type);
		assertThat(found).as(type).hasSize(1);
		return found.get(0);
	}

	public static JsonNode last(List<JsonNode> events) {
		return events.get(events.size() - 1);
	}

	public static List<String> typesAfter(List<JsonNode> events, int from) {
		return events.subList(from, events.size()).stream().map((event) -> event.path("type").asText()).toList();
	}

	public static JsonNode stopReason(JsonNode idle) {
		return idle.path("stop_reason");
	}

	public static JsonNode requiresAction(String... ids) {
		return SdkEvents.json(Map.of("type", "requires_action", "event_ids", List.of(ids)));
	}

}
