package dev.memstore.session;

import java.util.List;
import java.util.Map;

import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserToolConfirmationEventParams;
import com.anthropic.models.beta.sessions.events.EventSendParams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.PausingSession;
import dev.memstore.support.RawApi;
import dev.memstore.support.SdkEvents;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;

import static org.assertj.core.api.Assertions.assertThat;
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

	String storeId;

	String sessionId;

	PausingSession session;

	@BeforeEach
	void anAgentWithACustomToolAndAWriteThatAsks() {
		this.agentId = SessionFixtures.agentWithClientTools(this.client, "memstore-offline");
		this.storeId = newStore("Notes");
		this.sessionId = newSession(mount(this.storeId, Access.READ_WRITE)).id();
		this.session = new PausingSession(this.client, this.sessionId);
	}

	@Test
	void aCustomToolCallPausesTheTurnUntilItsResultArrives() {
		send(this.sessionId, steps(lookup("A-1") + ", {\"say\": \"Order A-1 looked up.\"}"));

		List<JsonNode> paused = this.session.untilIdle(1);
		JsonNode call = PausingSession.only(paused, "agent.custom_tool_use");
		assertThat(call.path("name").asText()).isEqualTo(LOOKUP);
		assertThat(call.path("input").path("order_id").asText()).isEqualTo("A-1");
		assertThat(PausingSession.stopReason(PausingSession.last(paused)))
			.isEqualTo(PausingSession.requiresAction(call.path("id").asText()));
		assertThat(this.client.beta().sessions().retrieve(this.sessionId).status()).hasToString("idle");

		this.session.answer(call.path("id").asText(), "shipped on Monday", false);

		List<JsonNode> finished = this.session.untilIdle(2);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		assertThat(PausingSession.typesAfter(finished, paused.size())).containsExactly("user.custom_tool_result",
				"session.status_running", "span.model_request_start", "agent.message", "span.model_request_end",
				"session.status_idle");
		assertThat(PausingSession.ofType(finished, "agent.custom_tool_use"))
			.as("the call is made once, not again when the turn" + " goes on")
			.hasSize(1);
	}

	@Test
	void aTurnPausesAgainForItsNextCustomToolCall() {
		send(this.sessionId,
				steps(lookup("A-1") + ", {\"say\": \"first\"}, " + lookup("B-2") + ", {\"say\": \"second\"}"));

		String first = PausingSession.only(this.session.untilIdle(1), "agent.custom_tool_use").path("id").asText();
		this.session.answer(first, "A-1 shipped", false);
		List<JsonNode> secondPause = this.session.untilIdle(2);
		List<JsonNode> calls = PausingSession.ofType(secondPause, "agent.custom_tool_use");
		assertThat(calls).hasSize(2);
		String second = calls.get(1).path("id").asText();
		assertThat(calls.get(1).path("input").path("order_id").asText()).isEqualTo("B-2");
		assertThat(PausingSession.stopReason(PausingSession.last(secondPause)))
			.isEqualTo(PausingSession.requiresAction(second));

		this.session.answer(second, "B-2 is lost", true);

		List<JsonNode> finished = this.session.untilIdle(3);
		assertThat(PausingSession.ofType(finished, "agent.message")
			.stream()
			.map((message) -> message.path("content").get(0).path("text").asText())).containsExactly("first", "second");
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
	}

	@Test
	void twoCallsOfOneBatchAreAnsweredOneAtATime() {
		send(this.sessionId, steps(lookup("A-1") + ", " + lookup("B-2") + ", {\"say\": \"both\"}"));

		List<JsonNode> paused = this.session.untilIdle(1);
		List<JsonNode> calls = PausingSession.ofType(paused, "agent.custom_tool_use");
		assertThat(calls).hasSize(2);
		String a = calls.get(0).path("id").asText();
		String b = calls.get(1).path("id").asText();
		assertThat(PausingSession.stopReason(PausingSession.last(paused)))
			.isEqualTo(PausingSession.requiresAction(a, b));

		this.session.answer(b, "B-2 shipped", false);

		List<JsonNode> remainder = this.session.untilIdle(2);
		assertThat(PausingSession.stopReason(PausingSession.last(remainder)))
			.as("the re-emitted idle lists only the call still waiting")
			.isEqualTo(PausingSession.requiresAction(a));
		assertThat(PausingSession.typesAfter(remainder, paused.size())).containsExactly("user.custom_tool_result",
				"session.status_idle");

		this.session.answer(a, "A-1 shipped", false);

		List<JsonNode> finished = this.session.untilIdle(3);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		assertThat(PausingSession.ofType(finished, "agent.message")).hasSize(1);
	}

	@Test
	void aConfirmedWriteRunsAndADeniedOneChangesNothing() {
		send(this.sessionId,
				steps(write("a.md", "allowed") + ", " + write("b.md", "denied") + ", {\"say\": \"done\"}"));

		List<JsonNode> firstPause = this.session.untilIdle(1);
		JsonNode asking = PausingSession.only(firstPause, "agent.tool_use");
		assertThat(asking.path("evaluated_permission").asText()).isEqualTo("ask");
		assertThat(asking.path("evaluation").path("type").asText()).isEqualTo("always_ask");
		assertThat(PausingSession.stopReason(PausingSession.last(firstPause)))
			.isEqualTo(PausingSession.requiresAction(asking.path("id").asText()));
		assertThat(paths(this.storeId)).as("nothing is written before the user allows it").isEmpty();

		this.session.confirm(asking.path("id").asText(), "allow", null);

		List<JsonNode> secondPause = this.session.untilIdle(2);
		assertThat(paths(this.storeId)).containsExactly("/a.md");
		JsonNode denied = PausingSession.ofType(secondPause, "agent.tool_use").get(1);
		assertThat(PausingSession.stopReason(PausingSession.last(secondPause)))
			.isEqualTo(PausingSession.requiresAction(denied.path("id").asText()));

		this.session.confirm(denied.path("id").asText(), "deny", "not into b.md, please");

		List<JsonNode> finished = this.session.untilIdle(3);
		JsonNode result = PausingSession.ofType(finished, "agent.tool_result")
			.stream()
			.filter((event) -> event.path("tool_use_id").asText().equals(denied.path("id").asText()))
			.findFirst()
			.orElseThrow();
		assertThat(result.path("is_error").asBoolean()).isTrue();
		assertThat(result.path("content").get(0).path("text").asText()).contains("not into b.md, please");
		assertThat(paths(this.storeId)).as("the denied write changed nothing").containsExactly("/a.md");
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
	}

	@Test
	void anAnswerThatNamesNoPendingCallIsRefusedAndChangesNothing() {
		send(this.sessionId, steps(lookup("A-1") + ", " + write("a.md", "x")));
		List<JsonNode> paused = this.session.untilIdle(1);
		String call = PausingSession.only(paused, "agent.custom_tool_use").path("id").asText();
		String message = paused.get(0).path("id").asText();
		String otherSession = newSession().id();

		assertRefused(() -> this.session.answer("sevt_unknown", "x", false), "has no event sevt_unknown");
		assertRefused(() -> this.session.answer(message, "x", false), "not an agent.custom_tool_use");
		assertRefused(() -> this.session.confirm(call, "allow", null),
				"answer a custom tool call with user.custom_tool_result");
		assertRefused(() -> this.client.beta()
			.sessions()
			.events()
			.send(otherSession, EventSendParams.builder().addEvent(PausingSession.result(call, "x", false)).build()),
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
						.addEvent(PausingSession.result(call, "first", false))
						.addEvent(PausingSession.result(call, "again", false))
						.build()),
				"was already answered");
		assertThat(this.session.events()).as("refused answers recorded nothing").hasSize(paused.size());

		this.session.answer(call, "shipped", false);
		List<JsonNode> secondPause = this.session.untilIdle(2);
		String write = PausingSession.ofType(secondPause, "agent.tool_use").get(0).path("id").asText();
		assertRefused(() -> this.session.answer(call, "again", false), "was already answered");
		assertRefused(() -> this.session.answer(write, "x", false), "confirmed with user.tool_confirmation");
	}

	@Test
	void anInterruptEndsAPausedTurnAndItsCallsCanNoLongerBeAnswered() {
		send(this.sessionId, steps(lookup("A-1")));
		String call = PausingSession.only(this.session.untilIdle(1), "agent.custom_tool_use").path("id").asText();

		SessionMessages.interrupt(this.client, this.sessionId);

		List<JsonNode> ended = this.session.untilIdle(2);
		assertThat(PausingSession.stopReason(PausingSession.last(ended)).path("type").asText()).isEqualTo("end_turn");
		assertRefused(() -> this.session.answer(call, "late", false), "is not pending");

		send(this.sessionId, steps("{\"say\": \"next turn\"}"));
		assertThat(PausingSession.stopReason(PausingSession.last(this.session.untilIdle(3))).path("type").asText())
			.as("the next message runs as usual")
			.isEqualTo("end_turn");
	}

	@Test
	void aMessageSentWhileATurnWaitsRunsAfterThatTurnEnds() {
		send(this.sessionId, steps(lookup("A-1") + ", {\"say\": \"first turn done\"}"));
		String call = PausingSession.only(this.session.untilIdle(1), "agent.custom_tool_use").path("id").asText();

		send(this.sessionId, steps("{\"say\": \"second turn\"}"));
		this.session.answer(call, "shipped", false);

		List<JsonNode> events = this.session.untilIdle(3);
		List<String> said = events.stream()
			.filter((event) -> List.of("user.message", "agent.message").contains(event.path("type").asText()))
			.map((event) -> event.path("type").asText().equals("user.message") ? "user"
					: event.path("content").get(0).path("text").asText())
			.toList();
		assertThat(said).as("the second message is processed once the paused turn has ended")
			.containsExactly("user", "first turn done", "user", "second turn");
	}

	@Test
	void aResultSentBeforeTheIdleIsKept() {
		send(this.sessionId, steps(lookup("A-1") + ", {\"say\": \"ok\"}"));
		String call = await()
			.until(() -> PausingSession.ofType(this.session.events(), "agent.custom_tool_use"),
					(calls) -> !calls.isEmpty())
			.get(0)
			.path("id")
			.asText();

		this.session.answer(call, "shipped", false);

		await().until(() -> this.session.idleCount() > this.session.idlesBefore()
				&& PausingSession.stopReason(PausingSession.last(this.session.events()))
					.path("type")
					.asText()
					.equals("end_turn"));
		assertThat(PausingSession.ofType(this.session.events(), "agent.message")).hasSize(1);
	}

	@Test
	void theTurnsExtensionReturnsWhenTheTurnPausesAndGoesOnWithTheAnswers() {
		String turnsPath = "/v1/sessions/" + this.sessionId + "/turns";
		String message = steps(lookup("A-1") + ", {\"say\": \"Order A-1 looked up.\"}");
		RawApi.Response paused = this.api.managedAgentsApi("POST", turnsPath, this.workspace.apiKey())
			.json(SdkEvents.json(Map.of("input", List.of(Map.of("role", "user", "content", message)))).toString())
			.send();

		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.json().path("status").asString()).isEqualTo("requires_action");
		assertThat(paused.json().path("pending_calls")).hasSize(1);
		String call = paused.json().path("pending_calls").get(0).path("id").asString();
		assertThat(paused.json().path("pending_calls").get(0).path("type").asString())
			.isEqualTo("agent.custom_tool_use");

		RawApi.Response finished = this.api.managedAgentsApi("POST", turnsPath, this.workspace.apiKey())
			.json("{\"events\":[{\"type\":\"user.custom_tool_result\",\"custom_tool_use_id\":\"" + call
					+ "\",\"content\":[{\"type\":\"text\",\"text\":\"shipped\"}]}]}")
			.send();

		assertThat(finished.status()).isEqualTo(200);
		assertThat(finished.json().path("status").asString()).isEqualTo("completed");
		assertThat(finished.json().path("output").get(0).path("content").get(0).path("text").asString())
			.isEqualTo("Order A-1 looked up.");
		assertThat(finished.json().path("pending_calls")).isEmpty();

		RawApi.Response messageAsAnswer = this.api.managedAgentsApi("POST", turnsPath, this.workspace.apiKey())
			.json("{\"events\":[{\"type\":\"user.message\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}")
			.send();
		assertThat(messageAsAnswer.status()).isEqualTo(400);
		assertThat(messageAsAnswer.json().path("error").path("message").asString()).contains("start a turn with input");
	}

	private static String steps(String steps) {
		return script("[" + steps + "]");
	}

	private static String lookup(String orderId) {
		return "{\"tool\": \"" + LOOKUP + "\", \"input\": {\"order_id\": \"" + orderId + "\"}}";
	}

}
