package dev.memstore.session;

import java.util.List;
import java.util.Map;

import com.anthropic.core.JsonValue;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.beta.agents.AgentCreateParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolset20260401Params;
import com.anthropic.models.beta.agents.BetaManagedAgentsAlwaysAskPolicy;
import com.anthropic.models.beta.agents.BetaManagedAgentsCustomToolInputSchema;
import com.anthropic.models.beta.agents.BetaManagedAgentsCustomToolParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsModel;
import com.anthropic.models.beta.agents.BetaManagedAgentsWriteToolConfigParams;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsSessionEvent;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserCustomToolResultEventParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserInterruptEventParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserToolConfirmationEventParams;
import com.anthropic.models.beta.sessions.events.EventSendParams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.SdkEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Client-side tools on the offline agent, through the official Java SDK: a custom tool
 * call pauses the turn with {@code requires_action} until the application sends its
 * result, and a built-in tool whose policy is {@code always_ask} waits for the user's
 * confirmation. Answers that name no pending call are refused and change nothing.
 */
@MemstoreIntegrationTest
class ClientToolsTest extends SessionTestSupport {

	private static final String LOOKUP = "lookup_order";

	private static final String NOTES = "/mnt/memory/notes/";

	String storeId;

	String sessionId;

	/**
	 * Idles the session had before the test's first message: creating it is one.
	 */
	long idlesBefore;

	@BeforeEach
	void anAgentWithACustomToolAndAWriteThatAsks() {
		this.agentId = this.client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Support agent")
				.model(BetaManagedAgentsModel.of("memstore-offline"))
				.addTool(BetaManagedAgentsAgentToolset20260401Params.builder()
					.type(JsonValue.from("agent_toolset_20260401"))
					.addConfig(BetaManagedAgentsWriteToolConfigParams.builder()
						.name(JsonValue.from("write"))
						.permissionPolicy(
								BetaManagedAgentsAlwaysAskPolicy.builder().type(JsonValue.from("always_ask")).build())
						.build())
					.build())
				.addTool(BetaManagedAgentsCustomToolParams.builder()
					.type(JsonValue.from("custom"))
					.name(LOOKUP)
					.description("Looks up an order by its id")
					.inputSchema(BetaManagedAgentsCustomToolInputSchema.builder()
						.type(JsonValue.from("object"))
						.putAdditionalProperty("properties",
								JsonValue.from(Map.of("order_id", Map.of("type", "string"))))
						.addRequired("order_id")
						.build())
					.build())
				.build())
			.id();
		this.storeId = newStore("Notes");
		this.sessionId = newSession(mount(this.storeId, Access.READ_WRITE)).id();
		this.idlesBefore = idleCount();
	}

	@Test
	void aCustomToolCallPausesTheTurnUntilItsResultArrives() {
		send(this.sessionId, steps(lookup("A-1") + ", {\"say\": \"Order A-1 looked up.\"}"));

		List<JsonNode> paused = untilIdle(1);
		JsonNode call = only(paused, "agent.custom_tool_use");
		assertThat(call.path("name").asText()).isEqualTo(LOOKUP);
		assertThat(call.path("input").path("order_id").asText()).isEqualTo("A-1");
		assertThat(stopReason(last(paused))).isEqualTo(requiresAction(call.path("id").asText()));
		assertThat(this.client.beta().sessions().retrieve(this.sessionId).status()).hasToString("idle");

		answer(call.path("id").asText(), "shipped on Monday", false);

		List<JsonNode> finished = untilIdle(2);
		assertThat(stopReason(last(finished)).path("type").asText()).isEqualTo("end_turn");
		assertThat(typesAfter(finished, paused.size())).containsExactly("user.custom_tool_result",
				"session.status_running", "span.model_request_start", "agent.message", "span.model_request_end",
				"session.status_idle");
		assertThat(ofType(finished, "agent.custom_tool_use"))
			.as("the call is made once, not again when the turn" + " goes on")
			.hasSize(1);
	}

	@Test
	void aTurnPausesAgainForItsNextCustomToolCall() {
		send(this.sessionId,
				steps(lookup("A-1") + ", {\"say\": \"first\"}, " + lookup("B-2") + ", {\"say\": \"second\"}"));

		String first = only(untilIdle(1), "agent.custom_tool_use").path("id").asText();
		answer(first, "A-1 shipped", false);
		List<JsonNode> secondPause = untilIdle(2);
		List<JsonNode> calls = ofType(secondPause, "agent.custom_tool_use");
		assertThat(calls).hasSize(2);
		String second = calls.get(1).path("id").asText();
		assertThat(calls.get(1).path("input").path("order_id").asText()).isEqualTo("B-2");
		assertThat(stopReason(last(secondPause))).isEqualTo(requiresAction(second));

		answer(second, "B-2 is lost", true);

		List<JsonNode> finished = untilIdle(3);
		assertThat(ofType(finished, "agent.message").stream()
			.map((message) -> message.path("content").get(0).path("text").asText())).containsExactly("first", "second");
		assertThat(stopReason(last(finished)).path("type").asText()).isEqualTo("end_turn");
	}

	@Test
	void twoCallsOfOneBatchAreAnsweredOneAtATime() {
		send(this.sessionId, steps(lookup("A-1") + ", " + lookup("B-2") + ", {\"say\": \"both\"}"));

		List<JsonNode> paused = untilIdle(1);
		List<JsonNode> calls = ofType(paused, "agent.custom_tool_use");
		assertThat(calls).hasSize(2);
		String a = calls.get(0).path("id").asText();
		String b = calls.get(1).path("id").asText();
		assertThat(stopReason(last(paused))).isEqualTo(requiresAction(a, b));

		answer(b, "B-2 shipped", false);

		List<JsonNode> remainder = untilIdle(2);
		assertThat(stopReason(last(remainder))).as("the re-emitted idle lists only the call still waiting")
			.isEqualTo(requiresAction(a));
		assertThat(typesAfter(remainder, paused.size())).containsExactly("user.custom_tool_result",
				"session.status_idle");

		answer(a, "A-1 shipped", false);

		List<JsonNode> finished = untilIdle(3);
		assertThat(stopReason(last(finished)).path("type").asText()).isEqualTo("end_turn");
		assertThat(ofType(finished, "agent.message")).hasSize(1);
	}

	@Test
	void aConfirmedWriteRunsAndADeniedOneChangesNothing() {
		send(this.sessionId,
				steps(write("a.md", "allowed") + ", " + write("b.md", "denied") + ", {\"say\": \"done\"}"));

		List<JsonNode> firstPause = untilIdle(1);
		JsonNode asking = only(firstPause, "agent.tool_use");
		assertThat(asking.path("evaluated_permission").asText()).isEqualTo("ask");
		assertThat(asking.path("evaluation").path("type").asText()).isEqualTo("always_ask");
		assertThat(stopReason(last(firstPause))).isEqualTo(requiresAction(asking.path("id").asText()));
		assertThat(paths()).as("nothing is written before the user allows it").isEmpty();

		confirm(asking.path("id").asText(), "allow", null);

		List<JsonNode> secondPause = untilIdle(2);
		assertThat(paths()).containsExactly("/a.md");
		JsonNode denied = ofType(secondPause, "agent.tool_use").get(1);
		assertThat(stopReason(last(secondPause))).isEqualTo(requiresAction(denied.path("id").asText()));

		confirm(denied.path("id").asText(), "deny", "not into b.md, please");

		List<JsonNode> finished = untilIdle(3);
		JsonNode result = ofType(finished, "agent.tool_result").stream()
			.filter((event) -> event.path("tool_use_id").asText().equals(denied.path("id").asText()))
			.findFirst()
			.orElseThrow();
		assertThat(result.path("is_error").asBoolean()).isTrue();
		assertThat(result.path("content").get(0).path("text").asText()).contains("not into b.md, please");
		assertThat(paths()).as("the denied write changed nothing").containsExactly("/a.md");
		assertThat(stopReason(last(finished)).path("type").asText()).isEqualTo("end_turn");
	}

	@Test
	void anAnswerThatNamesNoPendingCallIsRefusedAndChangesNothing() {
		send(this.sessionId, steps(lookup("A-1") + ", " + write("a.md", "x")));
		List<JsonNode> paused = untilIdle(1);
		String call = only(paused, "agent.custom_tool_use").path("id").asText();
		String message = paused.get(0).path("id").asText();
		String otherSession = newSession().id();

		assertRefused(() -> answer("sevt_unknown", "x", false), "has no event sevt_unknown");
		assertRefused(() -> answer(message, "x", false), "not an agent.custom_tool_use");
		assertRefused(() -> confirm(call, "allow", null), "answer a custom tool call with user.custom_tool_result");
		assertRefused(
				() -> this.client.beta()
					.sessions()
					.events()
					.send(otherSession, EventSendParams.builder().addEvent(result(call, "x", false)).build()),
				"has no event " + call);
		assertRefused(() -> this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId,
					EventSendParams.builder()
						.addEvent(BetaManagedAgentsUserToolConfirmationEventParams.builder()
							.type(JsonValue.from("user.tool_confirmation"))
							.toolUseId(call)
							.result(BetaManagedAgentsUserToolConfirmationEventParams.Result.ALLOW)
							.denyMessage("why")
							.build())
						.build()),
				"deny_message is only allowed when result is deny");
		assertRefused(() -> this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId,
					EventSendParams.builder()
						.addEvent(result(call, "first", false))
						.addEvent(result(call, "again", false))
						.build()),
				"was already answered");
		assertThat(events()).as("refused answers recorded nothing").hasSize(paused.size());

		answer(call, "shipped", false);
		List<JsonNode> secondPause = untilIdle(2);
		String write = ofType(secondPause, "agent.tool_use").get(0).path("id").asText();
		assertRefused(() -> answer(call, "again", false), "was already answered");
		assertRefused(() -> answer(write, "x", false), "confirmed with user.tool_confirmation");
	}

	@Test
	void anInterruptEndsAPausedTurnAndItsCallsCanNoLongerBeAnswered() {
		send(this.sessionId, steps(lookup("A-1")));
		String call = only(untilIdle(1), "agent.custom_tool_use").path("id").asText();

		this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId,
					EventSendParams.builder()
						.addEvent(BetaManagedAgentsUserInterruptEventParams.builder()
							.type(JsonValue.from("user.interrupt"))
							.build())
						.build());

		List<JsonNode> ended = untilIdle(2);
		assertThat(stopReason(last(ended)).path("type").asText()).isEqualTo("end_turn");
		assertRefused(() -> answer(call, "late", false), "is not pending");

		send(this.sessionId, steps("{\"say\": \"next turn\"}"));
		assertThat(stopReason(last(untilIdle(3))).path("type").asText()).as("the next message runs as usual")
			.isEqualTo("end_turn");
	}

	@Test
	void aResultSentBeforeTheIdleIsKept() {
		send(this.sessionId, steps(lookup("A-1") + ", {\"say\": \"ok\"}"));
		String call = await().until(() -> ofType(events(), "agent.custom_tool_use"), (calls) -> !calls.isEmpty())
			.get(0)
			.path("id")
			.asText();

		answer(call, "shipped", false);

		await().until(() -> idleCount() > this.idlesBefore
				&& stopReason(last(events())).path("type").asText().equals("end_turn"));
		assertThat(ofType(events(), "agent.message")).hasSize(1);
	}

	private static String steps(String steps) {
		return script("[" + steps + "]");
	}

	private static String lookup(String orderId) {
		return "{\"tool\": \"" + LOOKUP + "\", \"input\": {\"order_id\": \"" + orderId + "\"}}";
	}

	private static String write(String file, String content) {
		return "{\"tool\": \"write\", \"input\": {\"file_path\": \"" + NOTES + file + "\", \"content\": \"" + content
				+ "\"}}";
	}

	private static BetaManagedAgentsUserCustomToolResultEventParams result(String callId, String text,
			boolean isError) {
		return BetaManagedAgentsUserCustomToolResultEventParams.builder()
			.type(JsonValue.from("user.custom_tool_result"))
			.customToolUseId(callId)
			.addTextContent(text)
			.isError(isError)
			.build();
	}

	private void answer(String callId, String text, boolean isError) {
		this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId, EventSendParams.builder().addEvent(result(callId, text, isError)).build());
	}

	private void confirm(String callId, String decision, String denyMessage) {
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

	private static void assertRefused(Runnable send, String reason) {
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(send::run).withMessageContaining(reason);
	}

	/**
	 * The session's events once it has gone idle {@code idles} times.
	 */
	private List<JsonNode> untilIdle(int idles) {
		await().until(() -> idleCount() >= this.idlesBefore + idles);
		return events();
	}

	private long idleCount() {
		return events().stream().filter((event) -> event.path("type").asText().equals("session.status_idle")).count();
	}

	private List<JsonNode> events() {
		return this.client.beta()
			.sessions()
			.events()
			.list(this.sessionId)
			.autoPager()
			.stream()
			.map((BetaManagedAgentsSessionEvent event) -> SdkEvents.json(event))
			.toList();
	}

	private List<String> paths() {
		return this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().build())
			.autoPager()
			.stream()
			.map((memory) -> memory.asMemory().path())
			.toList();
	}

	private static List<JsonNode> ofType(List<JsonNode> events, String type) {
		return events.stream().filter((event) -> event.path("type").asText().equals(type)).toList();
	}

	private static JsonNode only(List<JsonNode> events, String type) {
		List<JsonNode> found = ofType(events, type);
		assertThat(found).as(type).hasSize(1);
		return found.get(0);
	}

	private static JsonNode last(List<JsonNode> events) {
		return events.get(events.size() - 1);
	}

	private static List<String> typesAfter(List<JsonNode> events, int from) {
		return events.subList(from, events.size()).stream().map((event) -> event.path("type").asText()).toList();
	}

	private static JsonNode stopReason(JsonNode idle) {
		return idle.path("stop_reason");
	}

	private static JsonNode requiresAction(String... ids) {
		return SdkEvents.json(Map.of("type", "requires_action", "event_ids", List.of(ids)));
	}

}
