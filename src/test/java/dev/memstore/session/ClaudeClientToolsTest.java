package dev.memstore.session;

import java.util.List;
import java.util.Map;

import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.FakeMessagesApi;
import dev.memstore.support.PausingSession;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Client-side tools on the Claude loop, against a fake of the Messages API: Claude is
 * offered the agent's custom tools with their schemas, its calls pause the turn, and the
 * answers reach it as the {@code tool_result}s of its calls, in the order it made them.
 */
class ClaudeClientToolsTest extends ClaudeSessionTestSupport {

	private static final String MOUNT = "/mnt/memory/notes";

	String storeId;

	String sessionId;

	PausingSession session;

	@BeforeEach
	void aClaudeAgentWithClientTools() {
		this.agentId = SessionFixtures.agentWithClientTools(this.client, MODEL);
		this.storeId = newStore("Notes");
		this.sessionId = newSession(mount(this.storeId, Access.READ_WRITE)).id();
		this.session = new PausingSession(this.client, this.sessionId);
	}

	@Test
	void twoCustomToolCallsOfOneResponseReachClaudeAsResultsInTheOrderMade() throws Exception {
		this.claude.answer(
				this.claude.message("tool_use",
						List.of(this.claude.textBlock("Let me check both."),
								this.claude.toolUseBlock("lookup_order", Map.of("order_id", "A-1")),
								this.claude.toolUseBlock("lookup_order", Map.of("order_id", "B-2")))),
				this.claude.text("A-1 has shipped; B-2 is lost."));
		send(this.sessionId, "Where are my orders A-1 and B-2?");

		List<JsonNode> paused = this.session.untilIdle(1);
		List<JsonNode> calls = PausingSession.ofType(paused, "agent.custom_tool_use");
		assertThat(calls).hasSize(2);
		String a = calls.get(0).path("id").asText();
		String b = calls.get(1).path("id").asText();
		FakeMessagesApi.Request first = this.claude.nextRequest();
		assertThat(first.toolNames()).containsExactly("bash", "read", "write", "edit", "glob", "grep", "lookup_order");
		assertThat(tool(first, "lookup_order")).containsEntry("description", "Looks up an order by its id")
			.containsEntry("input_schema", Map.of("type", "object", "properties",
					Map.of("order_id", Map.of("type", "string")), "required", List.of("order_id")));

		this.session.answer(b, "B-2 is lost", true);
		assertThat(PausingSession.stopReason(PausingSession.last(this.session.untilIdle(2))))
			.isEqualTo(PausingSession.requiresAction(a));
		this.session.answer(a, "A-1 shipped on Monday", false);

		List<JsonNode> finished = this.session.untilIdle(3);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		FakeMessagesApi.Request afterAnswers = this.claude.nextRequest();
		List<Map<String, Object>> messages = afterAnswers.messages();
		assertThat(content(messages.get(1))).extracting((block) -> block.get("type"))
			.containsExactly("text", "tool_use", "tool_use");
		assertThat(content(messages.get(2)))
			.extracting((block) -> block.get("tool_use_id"), (block) -> block.get("content"),
					(block) -> block.get("is_error"))
			.containsExactly(tuple(a, "A-1 shipped on Monday", false), tuple(b, "B-2 is lost", true));
		assertThat(PausingSession.ofType(finished, "agent.message").get(1).path("content").get(0).path("text").asText())
			.isEqualTo("A-1 has shipped; B-2 is lost.");
	}

	@Test
	void aDeniedWriteReachesClaudeAsAnErrorWithTheDenyMessage() throws Exception {
		this.claude.answer(
				this.claude.toolUse("write", Map.of("file_path", MOUNT + "/secret.md", "content", "the password")),
				this.claude.text("Understood, I did not write it."));
		send(this.sessionId, "Note my password.");

		JsonNode asking = PausingSession.only(this.session.untilIdle(1), "agent.tool_use");
		assertThat(asking.path("evaluated_permission").asText()).isEqualTo("ask");
		this.session.confirm(asking.path("id").asText(), "deny", "never store passwords");

		List<JsonNode> finished = this.session.untilIdle(2);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		this.claude.nextRequest();
		Map<String, Object> result = content(this.claude.nextRequest().messages().get(2)).get(0);
		assertThat(result).containsEntry("tool_use_id", asking.path("id").asText()).containsEntry("is_error", true);
		assertThat((String) result.get("content")).contains("never store passwords");
		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().build())
			.data()).as("nothing was written").isEmpty();
	}

	@Test
	void callsLeftUnansweredByAnInterruptReachClaudeAsErrorsOnTheNextTurn() throws Exception {
		this.claude.answer(this.claude.toolUse("lookup_order", Map.of("order_id", "A-1")),
				this.claude.text("Sorry, I could not look it up."));
		send(this.sessionId, "Where is A-1?");
		String call = PausingSession.only(this.session.untilIdle(1), "agent.custom_tool_use").path("id").asText();
		SessionMessages.interrupt(this.client, this.sessionId);
		this.session.untilIdle(2);

		send(this.sessionId, "Never mind.");

		assertThat(PausingSession.stopReason(PausingSession.last(this.session.untilIdle(3))).path("type").asText())
			.isEqualTo("end_turn");
		this.claude.nextRequest();
		List<Map<String, Object>> messages = this.claude.nextRequest().messages();
		Map<String, Object> result = content(messages.get(2)).get(0);
		assertThat(result).containsEntry("tool_use_id", call).containsEntry("is_error", true);
		assertThat((String) result.get("content")).contains("the user interrupted it");
		assertThat(content(messages.get(2)).get(1)).containsEntry("text", "Never mind.");
	}

	@Test
	void responsesCutOffInTheMiddleOfAToolCallRunNothingAndEndTheTurn() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.claude.answer(this.claude.message("max_tokens", List.of(this.claude.toolUseBlock("write",
					Map.of("file_path", MOUNT + "/long.md", "content", "the beginning of a very long")))));
		}
		send(this.sessionId, "Write a long report.");

		List<JsonNode> events = this.session.untilIdle(1);
		JsonNode idle = PausingSession.last(events);
		assertThat(PausingSession.stopReason(idle).path("type").asText()).isEqualTo("retries_exhausted");
		JsonNode error = PausingSession.only(events, "session.error").path("error");
		assertThat(error.path("type").asText()).isEqualTo("tool_use_limit_reached_error");
		assertThat(error.path("message").asText()).contains("cut off by the output limit");
		assertThat(PausingSession.ofType(events, "agent.tool_result"))
			.allSatisfy((result) -> assertThat(result.path("is_error").asBoolean()).isTrue());
		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().build())
			.data()).as("no cut-off call ran").isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tool(FakeMessagesApi.Request request, String name) {
		List<Map<String, Object>> tools = (List<Map<String, Object>>) request.body().get("tools");
		return tools.stream().filter((tool) -> name.equals(tool.get("name"))).findFirst().orElseThrow();
	}

}
