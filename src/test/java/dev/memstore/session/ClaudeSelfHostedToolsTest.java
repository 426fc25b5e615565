package dev.memstore.session;

import java.util.List;
import java.util.Map;

import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsBase64ImageSource;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsImageBlock;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserToolResultEventParams;
import com.anthropic.models.beta.sessions.events.EventSendParams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.FakeMessagesApi;
import dev.memstore.support.PausingSession;
import dev.memstore.support.SessionFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Self-hosted sessions on the Claude loop, against a fake of the Messages API: Claude is
 * offered the worker's tools with the worker's input schemas and told about a real
 * machine, its calls wait for the worker, and the worker's results reach it as the
 * {@code tool_result}s of its calls, in the order it made them.
 */
class ClaudeSelfHostedToolsTest extends ClaudeSessionTestSupport {

	private static final String MOUNT = "/mnt/memory/notes";

	private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

	String storeId;

	String sessionId;

	PausingSession session;

	@BeforeEach
	void aSelfHostedClaudeSession() {
		this.environmentId = SessionFixtures.selfHostedEnvironment(this.client, "my machines");
		this.storeId = newStore("Notes");
		this.sessionId = newSession(mount(this.storeId, Access.READ_WRITE)).id();
		this.session = new PausingSession(this.client, this.sessionId);
	}

	@Test
	void claudeIsOfferedTheWorkersToolsOnARealMachineAndGetsTheWorkersResults() throws Exception {
		this.claude.answer(
				this.claude.message("tool_use",
						List.of(this.claude.textBlock("Let me look."),
								this.claude.toolUseBlock("bash", Map.of("command", "uname -a")),
								this.claude.toolUseBlock("read", Map.of("file_path", MOUNT + "/plan.md")))),
				this.claude.text("It is Linux, and the plan is short."));
		send(this.sessionId, "What machine is this, and what is in the plan?");

		List<JsonNode> paused = this.session.untilIdle(1);
		List<JsonNode> calls = PausingSession.ofType(paused, "agent.tool_use");
		assertThat(calls).extracting((call) -> call.path("name").asText()).containsExactly("bash", "read");
		String bash = calls.get(0).path("id").asText();
		String read = calls.get(1).path("id").asText();
		assertThat(PausingSession.stopReason(PausingSession.last(paused)))
			.isEqualTo(PausingSession.requiresAction(bash, read));
		assertThat(PausingSession.ofType(paused, "agent.tool_result")).as("memstore ran nothing").isEmpty();

		FakeMessagesApi.Request first = this.claude.nextRequest();
		assertThat(first.toolNames()).containsExactly("bash", "read", "write", "edit", "glob", "grep");
		assertThat(tool(first, "bash").get("input_schema")).isEqualTo(Map.of("type", "object", "properties",
				Map.of("command", Map.of("type", "string", "description", "the command to run"), "restart",
						Map.of("type", "boolean", "description", "restart the shell before running"), "timeout_ms",
						Map.of("type", "integer", "description", "a timeout for this call, in milliseconds"))));
		assertThat(tool(first, "read").get("input_schema")).isEqualTo(Map.of("type", "object", "properties",
				Map.of("file_path", Map.of("type", "string"), "view_range",
						Map.of("type", "array", "items", Map.of("type", "integer"), "description",
								"[start_line, end_line], counting from 1, both included")),
				"required", List.of("file_path")));
		assertThat(tool(first, "grep").get("input_schema")).isEqualTo(Map.of("type", "object", "properties",
				Map.of("pattern", Map.of("type", "string"), "path", Map.of("type", "string")), "required",
				List.of("pattern")));
		assertThat(first.system()).startsWith(SYSTEM)
			.contains("Your tools run on a real machine", "working directory", "- " + MOUNT + ": \"Notes\", read-write")
			.doesNotContain("bash offers only a few file commands", "Read-only file system");

		this.session.answerAsWorker(read, "# Plan\n1. ship\n", false);
		assertThat(PausingSession.stopReason(PausingSession.last(this.session.untilIdle(2))))
			.as("partly answered, the turn waits on for the rest")
			.isEqualTo(PausingSession.requiresAction(bash));
		this.client.beta()
			.sessions()
			.events()
			.send(this.sessionId,
					EventSendParams.builder()
						.addEvent(BetaManagedAgentsUserToolResultEventParams.builder()
							.type(JsonValue.from("user.tool_result"))
							.toolUseId(bash)
							.addTextContent("Linux worker-1 6.8.0")
							.addContent(BetaManagedAgentsImageBlock.builder()
								.type(JsonValue.from("image"))
								.source(BetaManagedAgentsBase64ImageSource.builder()
									.type(JsonValue.from("base64"))
									.mediaType("image/png")
									.data(PIXEL)
									.build())
								.build())
							.build())
						.build());

		List<JsonNode> finished = this.session.untilIdle(3);
		assertThat(PausingSession.stopReason(PausingSession.last(finished)).path("type").asText())
			.isEqualTo("end_turn");
		List<Map<String, Object>> messages = this.claude.nextRequest().messages();
		assertThat(content(messages.get(1))).extracting((block) -> block.get("type"))
			.containsExactly("text", "tool_use", "tool_use");
		List<Map<String, Object>> results = content(messages.get(2));
		assertThat(results).extracting((block) -> block.get("type"), (block) -> block.get("tool_use_id"))
			.containsExactly(tuple("tool_result", bash), tuple("tool_result", read));
		assertThat(results.get(0).get("content")).as("text and image, handed on as the worker sent them")
			.isEqualTo(List.of(Map.of("type", "text", "text", "Linux worker-1 6.8.0"), Map.of("type", "image", "source",
					Map.of("type", "base64", "media_type", "image/png", "data", PIXEL))));
		assertThat(results.get(1)).containsEntry("content", "# Plan\n1. ship\n").containsEntry("is_error", false);
		assertThat(PausingSession.ofType(finished, "agent.message").get(1).path("content").get(0).path("text").asText())
			.isEqualTo("It is Linux, and the plan is short.");
		assertThat(PausingSession.ofType(finished, "agent.tool_result")).isEmpty();
		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().build())
			.data()).isEmpty();
	}

	@Test
	void aCallCutOffByTheOutputLimitIsRecordedDeniedSoThatNoWorkerRunsIt() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.claude.answer(this.claude.message("max_tokens", List.of(this.claude.toolUseBlock("write",
					Map.of("file_path", MOUNT + "/long.md", "content", "the beginning of a very long")))));
		}
		send(this.sessionId, "Write a long report.");

		List<JsonNode> events = this.session.untilIdle(1);
		assertThat(PausingSession.stopReason(PausingSession.last(events)).path("type").asText())
			.isEqualTo("retries_exhausted");
		assertThat(PausingSession.ofType(events, "agent.tool_use")).as("the third response ends the turn unrecorded")
			.hasSize(2)
			.allSatisfy((use) -> assertThat(use.path("evaluated_permission").asText()).isEqualTo("deny"));
		assertThat(PausingSession.ofType(events, "agent.tool_result")).hasSize(2)
			.allSatisfy((result) -> assertThat(result.path("content").get(0).path("text").asText())
				.contains("cut off by the output limit"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tool(FakeMessagesApi.Request request, String name) {
		List<Map<String, Object>> tools = (List<Map<String, Object>>) request.body().get("tools");
		return tools.stream().filter((tool) -> name.equals(tool.get("name"))).findFirst().orElseThrow();
	}

}
