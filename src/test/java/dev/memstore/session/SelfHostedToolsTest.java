package dev.memstore.session;

import java.util.List;
import java.util.Map;

import com.anthropic.core.JsonValue;
import com.anthropic.errors.ContentTooLargeException;
import com.anthropic.models.beta.agents.AgentCreateParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsModel;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.sessions.BetaManagedAgentsUserToolResultEvent;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsSessionEvent;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserToolResultEventParams;
import com.anthropic.models.beta.sessions.events.EventListPage;
import com.anthropic.models.beta.sessions.events.EventListParams;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Sessions of a {@code self_hosted} environment on the offline agent, with the test as
 * the client's worker, through the official Java SDK: every built-in tool call is
 * recorded and waits for the worker's {@code user.tool_result}, memstore never runs it,
 * and the turn goes on with the worker's results. Results that answer no pending call are
 * refused and change nothing.
 */
@MemstoreIntegrationTest
class SelfHostedToolsTest extends SessionTestSupport {

	String storeId;

	String sessionId;

	PausingSession session;

	@BeforeEach
	void aSelfHostedSessionMountingAStore() {
		this.environmentId = SessionFixtures.selfHostedEnvironment(this.client, "my machines");
		this.agentId = SessionFixtures.agentWithClientTools(this.client, "memstore-offline");
		this.storeId = newStore("Notes");
		this.sessionId = newSession(mount(this.storeId, Access.READ_WRITE)).id();
		this.session = new PausingSession(this.client, this.sessionId);
	}

	@Test
	void theSessionShowsTheWorkerWhereToMountItsStores() {
		BetaManagedAgentsSession read = this.client.beta().sessions().retrieve(this.sessionId);
		var store = read.resources().get(0).asMemoryStore();
		assertThat(store.memoryStoreId()).isEqualTo(this.storeId);
		assertThat(store.mountPath()).hasValue("/mnt/memory/notes");
		assertThat(store.access()).hasValueSatisfying((access) -> assertThat(access).hasToString("read_write"));
		assertThat(store.name()).hasValue("Notes");
	}

	@Test
	void eachBuiltInToolCallWaitsForTheWorkersResultAndTheTurnGoesOnWithIt() {
		send(this.sessionId, steps(bash("ls " + NOTES) + ", " + edit("a.md") + ", {\"say\": \"done\"}"));

		List<JsonNode> firstPause = this.session.untilIdle(1);
		JsonNode bash = PausingSession.only(firstPause, "agent.tool_use");
		assertThat(bash.path("name").asText()).isEqualTo("bash");
		assertThat(bash.path("input").path("command").asText()).isEqualTo("ls " + NOTES);
		assertThat(bash.path("evaluated_permission").asText()).isEqualTo("allow");
		assertThat(PausingSession.stopReason(PausingSession.last(firstPause)))
			.isEqualTo(PausingSession.requiresAction(bash.path("id").asText()));
		assertThat(PausingSession.ofType(firstPause, "agent.tool_result")).as("memstore ran nothing").isEmpty();
		assertThat(this.client.beta().sessions().retrieve(this.sessionId).status()).hasToString("idle");

		this.session.answerAsWorker(bash.path("id").asText(), "a.md\n", false);

		List<JsonNode> secondPause = this.session.untilIdle(2);
		assertThat(PausingSession.typesAfter(secondPause, firstPause.size())).containsExactly("user.tool_result",
				"session.status_running", "span.model_request_start", "agent.tool_use", "span.model_request_end",
				"session.status_idle");
		BetaManagedAgentsUserToolResultEvent recorded = sdkEvents().stream()
			.filter(BetaManagedAgentsSessionEvent::isUserToolResult)
			.map(BetaManagedAgentsSessionEvent::asUserToolResult)
			.findFirst()
			.orElseThrow();
		assertThat(recorded.id()).startsWith("sevt_");
		assertThat(recorded.toolUseId()).isEqualTo(bash.path("id").asText());
		assertThat(recorded.content().orElseThrow()).singleElement()
			.satisfies((block) -> assertThat(block.asText().text()).isEqualTo("a.md\n"));
		assertThat(recorded.isError()).hasValue(false);
		assertThat(recorded.processedAt()).isPresent();
		JsonNode edit = PausingSession.ofType(secondPause, "agent.tool_use").get(1);
		assertThat(edit.path("name").asText()).isEqualTo("edit");
		assertThat(PausingSession.stopReason(PausingSession.last(secondPause)))
			.isEqualTo(PausingSession.requiresAction(edit.path("id").asText()));

		this.session.answerAsWorker(edit.path("id").asText(), "edit: old_string not found in a.md", true);

		List<JsonNode> finished = this.session.untilIdle(3);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		assertThat(PausingSession.ofType(finished, "agent.message")).singleElement()
			.satisfies((message) -> assertThat(message.path("content").get(0).path("text").asText()).isEqualTo("done"));
		assertThat(PausingSession.ofType(finished, "agent.tool_use")).as("each call is made once").hasSize(2);
		assertThat(PausingSession.ofType(finished, "user.tool_result")).hasSize(2);
		assertThat(PausingSession.ofType(finished, "agent.tool_result")).isEmpty();
	}

	@Test
	void theWorkerReadsTheWholeHistoryAscendingInPagesOfAThousand() {
		send(this.sessionId, steps(bash("true")));
		String call = PausingSession.only(this.session.untilIdle(1), "agent.tool_use").path("id").asText();
		this.session.answerAsWorker(call, "(no output)", false);
		List<JsonNode> events = this.session.untilIdle(2);

		EventListPage page = this.client.beta()
			.sessions()
			.events()
			.list(this.sessionId, EventListParams.builder().limit(1000).build());
		assertThat(page.items().stream().map((event) -> SdkEvents.id(event)).toList()).as("oldest first")
			.isEqualTo(events.stream().map((event) -> event.path("id").asText()).toList());
		assertThat(page.items().get(0).isUserMessage()).isTrue();
		assertThat(page.items().stream().filter(BetaManagedAgentsSessionEvent::isUserToolResult)).hasSize(1);
		assertThat(page.hasNextPage()).isFalse();
	}

	@Test
	void aCallThatAsksWaitsForTheUsersConfirmationAndThenForTheWorker() {
		send(this.sessionId, steps(write("a.md", "allowed") + ", " + write("b.md", "denied") + ", {\"say\": \"ok\"}"));

		List<JsonNode> firstPause = this.session.untilIdle(1);
		JsonNode allowed = PausingSession.only(firstPause, "agent.tool_use");
		assertThat(allowed.path("evaluated_permission").asText()).isEqualTo("ask");
		String allowedId = allowed.path("id").asText();
		assertRefused(() -> this.session.answerAsWorker(allowedId, "wrote", false),
				"waits for a user.tool_confirmation");

		this.session.confirm(allowedId, "allow", null);

		List<JsonNode> stillWaiting = this.session.untilIdle(2);
		assertThat(PausingSession.typesAfter(stillWaiting, firstPause.size()))
			.as("allowed, the call waits on for the worker's result")
			.containsExactly("user.tool_confirmation", "session.status_idle");
		assertThat(PausingSession.stopReason(PausingSession.last(stillWaiting)))
			.isEqualTo(PausingSession.requiresAction(allowedId));
		assertRefused(() -> this.session.confirm(allowedId, "allow", null), "was already allowed");

		this.session.answerAsWorker(allowedId, "wrote 7 bytes to " + NOTES + "a.md", false);

		List<JsonNode> secondPause = this.session.untilIdle(3);
		JsonNode denied = PausingSession.ofType(secondPause, "agent.tool_use").get(1);
		this.session.confirm(denied.path("id").asText(), "deny", "not b.md");

		List<JsonNode> finished = this.session.untilIdle(4);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		JsonNode deniedResult = PausingSession.only(finished, "agent.tool_result");
		assertThat(deniedResult.path("tool_use_id").asText()).isEqualTo(denied.path("id").asText());
		assertThat(deniedResult.path("is_error").asBoolean()).isTrue();
		assertThat(deniedResult.path("content").get(0).path("text").asText()).contains("not b.md");
		assertRefused(() -> this.session.answerAsWorker(denied.path("id").asText(), "wrote", false),
				"was already answered");
		assertThat(paths(this.storeId)).as("memstore wrote nothing: the worker's machine holds the files").isEmpty();
	}

	@Test
	void resultsThatAnswerNoPendingCallAreRefusedAndRecordNothing() {
		send(this.sessionId, steps(bash("date")));
		List<JsonNode> paused = this.session.untilIdle(1);
		String call = PausingSession.only(paused, "agent.tool_use").path("id").asText();
		String message = paused.stream()
			.filter((event) -> event.path("type").asText().equals("user.message"))
			.findFirst()
			.orElseThrow()
			.path("id")
			.asText();

		assertRefused(() -> this.session.answerAsWorker("sevt_unknown", "x", false), "has no event sevt_unknown");
		assertRefused(() -> this.session.answerAsWorker(message, "x", false), "not an agent.tool_use");
		assertRefused(() -> this.session.answer(call, "x", false), "answered with user.tool_result");
		assertRefused(() -> this.session.confirm(call, "allow", null), "needs no confirmation");
		assertRefused(() -> this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId,
					EventSendParams.builder()
						.addEvent(PausingSession.workerResult(call, "first", false))
						.addEvent(PausingSession.workerResult(call, "again", false))
						.build()),
				"was already answered");
		assertThatExceptionOfType(ContentTooLargeException.class)
			.isThrownBy(
					() -> this.session.answerAsWorker(call, "x".repeat(UserEvents.MAX_TOOL_RESULT_CHARS + 1), false))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("at most " + UserEvents.MAX_TOOL_RESULT_CHARS));
		RawApi.Response unknownField = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + this.sessionId + "/events", this.workspace.apiKey())
			.json("{\"events\":[{\"type\":\"user.tool_result\",\"tool_use_id\":\"" + call + "\",\"output\":\"x\"}]}")
			.send();
		assertThat(unknownField.status()).isEqualTo(400);
		assertThat(this.session.events()).as("refused results recorded nothing").hasSize(paused.size());

		this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId,
					EventSendParams.builder()
						.addEvent(BetaManagedAgentsUserToolResultEventParams.builder()
							.type(JsonValue.from("user.tool_result"))
							.toolUseId(call)
							.build())
						.build());
		assertThat(PausingSession.stopReason(PausingSession.last(this.session.untilIdle(2))).path("type").asText())
			.as("a result without content is one")
			.isEqualTo("end_turn");
		assertRefused(() -> this.session.answerAsWorker(call, "late", false), "was already answered");
	}

	@Test
	void anInterruptEndsTheWaitingTurnAndALateResultIsRefused() {
		send(this.sessionId, steps(bash("sleep 600") + ", {\"say\": \"never said\"}"));
		String call = PausingSession.only(this.session.untilIdle(1), "agent.tool_use").path("id").asText();

		SessionMessages.interrupt(this.client, this.sessionId);

		List<JsonNode> ended = this.session.untilIdle(2);
		assertThat(PausingSession.stopReason(PausingSession.last(ended)).path("type").asText()).isEqualTo("end_turn");
		assertRefused(() -> this.session.answerAsWorker(call, "late", false), "is not pending");
		assertThat(PausingSession.ofType(this.session.events(), "agent.message")).isEmpty();

		send(this.sessionId, steps("{\"say\": \"next turn\"}"));
		assertThat(PausingSession.stopReason(PausingSession.last(this.session.untilIdle(3))).path("type").asText())
			.isEqualTo("end_turn");
	}

	@Test
	void aResultSentBeforeTheTurnPausedIsKept() {
		send(this.sessionId, steps(bash("true") + ", {\"say\": \"ok\"}"));
		String call = await()
			.until(() -> PausingSession.ofType(this.session.events(), "agent.tool_use"), (calls) -> !calls.isEmpty())
			.get(0)
			.path("id")
			.asText();

		this.session.answerAsWorker(call, "(no output)", false);

		await().until(() -> PausingSession.stopReason(PausingSession.last(this.session.events()))
			.path("type")
			.asText()
			.equals("end_turn"));
		assertThat(PausingSession.ofType(this.session.events(), "agent.message")).hasSize(1);
		assertThat(PausingSession.ofType(this.session.events(), "user.tool_result")).hasSize(1);
	}

	@Test
	void aToolTheAgentLacksIsRefusedByMemstoreAndNotWaitedOn() {
		this.agentId = this.client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("No tools")
				.model(BetaManagedAgentsModel.of("memstore-offline"))
				.build())
			.id();
		String bare = newSession(mount(this.storeId, Access.READ_WRITE)).id();
		PausingSession bareSession = new PausingSession(this.client, bare);

		send(bare, steps(bash("ls") + ", {\"say\": \"after\"}"));

		List<JsonNode> finished = bareSession.untilIdle(1);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		JsonNode use = PausingSession.only(finished, "agent.tool_use");
		assertThat(use.path("evaluated_permission").asText()).isEqualTo("deny");
		JsonNode result = PausingSession.only(finished, "agent.tool_result");
		assertThat(result.path("is_error").asBoolean()).isTrue();
		assertThat(result.path("content").get(0).path("text").asText()).contains("not enabled");
		assertRefused(() -> bareSession.answerAsWorker(use.path("id").asText(), "x", false), "was denied");
	}

	@Test
	void aCloudSessionRefusesToolResultsAndStillRunsItsToolsItself() {
		this.environmentId = SessionFixtures.environment(this.client, "cloud");
		String cloud = newSession(mount(this.storeId, Access.READ_WRITE)).id();
		PausingSession cloudSession = new PausingSession(this.client, cloud);

		send(cloud, steps(bash("echo hi > " + NOTES + "c.md")));

		List<JsonNode> finished = cloudSession.untilIdle(1);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		JsonNode use = PausingSession.only(finished, "agent.tool_use");
		assertThat(PausingSession.only(finished, "agent.tool_result").path("is_error").asBoolean()).isFalse();
		assertThat(paths(this.storeId)).containsExactly("/c.md");
		assertRefused(() -> cloudSession.answerAsWorker(use.path("id").asText(), "x", false),
				"environment is not self_hosted");
		assertThat(cloudSession.events()).hasSize(finished.size());
	}

	@Test
	void theTurnsExtensionReturnsTheCallsForTheWorkerAndGoesOnWithItsResults() {
		String turnsPath = "/v1/sessions/" + this.sessionId + "/turns";
		RawApi.Response paused = this.api.managedAgentsApi("POST", turnsPath, this.workspace.apiKey())
			.json(SdkEvents
				.json(Map.of("input",
						List.of(Map.of("role", "user", "content", steps(bash("pwd") + ", {\"say\": \"ran pwd\"}")))))
				.toString())
			.send();
		assertThat(paused.json().path("status").asString()).isEqualTo("requires_action");
		assertThat(paused.json().path("pending_calls")).hasSize(1);
		assertThat(paused.json().path("pending_calls").get(0).path("type").asString()).isEqualTo("agent.tool_use");
		String call = paused.json().path("pending_calls").get(0).path("id").asString();

		RawApi.Response finished = this.api.managedAgentsApi("POST", turnsPath, this.workspace.apiKey())
			.json("{\"events\":[{\"type\":\"user.tool_result\",\"tool_use_id\":\"" + call
					+ "\",\"content\":[{\"type\":\"text\",\"text\":\"/home/worker\"}]}]}")
			.send();

		assertThat(finished.json().path("status").asString()).isEqualTo("completed");
		assertThat(finished.json().path("output").get(0).path("content").get(0).path("text").asString())
			.isEqualTo("ran pwd");
	}

	private List<BetaManagedAgentsSessionEvent> sdkEvents() {
		return this.client.beta().sessions().events().list(this.sessionId).autoPager().stream().toList();
	}

	private static String steps(String steps) {
		return script("[" + steps + "]");
	}

	private static String bash(String command) {
		return "{\"tool\": \"bash\", \"input\": {\"command\": \"" + command + "\"}}";
	}

	private static String edit(String file) {
		return "{\"tool\": \"edit\", \"input\": {\"file_path\": \"" + NOTES + file
				+ "\", \"old_string\": \"a\", \"new_string\": \"b\"}}";
	}

}
