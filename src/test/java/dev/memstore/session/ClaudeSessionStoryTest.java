package dev.memstore.session;

import java.util.List;
import java.util.Map;

import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.memstore.support.FakeMessagesApi;
import dev.memstore.support.RawApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's story on the Claude loop: what memstore sends to the Messages API, and what
 * it does with the answers.
 */
class ClaudeSessionStoryTest extends ClaudeSessionTestSupport {

	private static final String MOUNT = "/mnt/memory/acme-customer-memory";

	private static final String PREFERENCES = "Maya from Acme Corp wants EU English and brand colour #0E7A4F.\n";

	@Test
	void aSecondSessionRecallsWhatTheFirstRememberedOnClaude() throws Exception {
		String storeId = newStore("Acme customer memory");
		BetaManagedAgentsSession first = newSession(mount(storeId, Access.READ_WRITE));
		this.claude.answer(
				this.claude.toolUse("write", Map.of("file_path", MOUNT + "/remembered.md", "content", PREFERENCES)),
				this.claude.text("Noted in " + MOUNT + "/remembered.md."));

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(first.id(),
				"Remember: Maya from Acme Corp wants EU English and brand colour #0E7A4F.");

		assertThat(types(events)).containsExactly("user.message", "session.status_running", "span.model_request_start",
				"span.model_request_end", "agent.tool_use", "agent.tool_result", "span.model_request_start",
				"span.model_request_end", "agent.message", "session.status_idle");
		assertThat(events.get(events.size() - 1).asSessionStatusIdle().stopReason().isEndTurn()).isTrue();
		assertThat(json(events.get(2)).path("model").path("id").asText()).isEqualTo(MODEL);
		assertThat(json(events.get(3)).path("model_usage").path("input_tokens").asLong()).isEqualTo(100);
		assertThat(json(events.get(3)).path("model_usage").path("cache_read_input_tokens").asLong()).isEqualTo(40);
		assertThat(json(events.get(3)).path("is_error").asBoolean()).isFalse();
		assertThat(events.get(8).asAgentMessage().content().get(0).asText().text())
			.isEqualTo("Noted in " + MOUNT + "/remembered.md.");

		FakeMessagesApi.Request ask = this.claude.nextRequest();
		assertThat(ask.method()).isEqualTo("POST");
		assertThat(ask.path()).isEqualTo("/v1/messages");
		// The Java SDK presents the key as a bearer token.
		assertThat(ask.headers()).containsEntry("authorization", "Bearer " + CLAUDE_KEY)
			.containsKey("anthropic-version");
		assertThat(ask.body()).containsEntry("model", MODEL).containsEntry("max_tokens", 8192);
		assertThat(ask.system()).startsWith(SYSTEM)
			.contains(MOUNT + ": \"Acme customer memory\", read-write", "Description: about Acme customer memory");
		assertThat(ask.toolNames()).containsExactly("bash", "read", "write", "edit", "glob", "grep");
		assertThat(ask.messages()).containsExactly(Map.of("role", "user", "content",
				List.of(Map.of("type", "text", "text",
						"Remember: Maya from Acme Corp wants EU English and brand colour #0E7A4F.", "cache_control",
						Map.of("type", "ephemeral")))));

		String toolUseId = events.get(4).asAgentToolUse().id();
		FakeMessagesApi.Request afterTool = this.claude.nextRequest();
		assertThat(afterTool.messages()).hasSize(3);
		assertThat(afterTool.messages().get(1)).containsEntry("role", "assistant");
		assertThat(content(afterTool.messages().get(1))).containsExactly(Map.of("type", "tool_use", "id", toolUseId,
				"name", "write", "input", Map.of("file_path", MOUNT + "/remembered.md", "content", PREFERENCES)));
		Map<String, Object> result = content(afterTool.messages().get(2)).get(0);
		assertThat(result).containsEntry("type", "tool_result")
			.containsEntry("tool_use_id", toolUseId)
			.containsEntry("is_error", false);
		assertThat((String) result.get("content")).contains(MOUNT + "/remembered.md");

		String memoryId = this.client.beta()
			.memoryStores()
			.memories()
			.list(storeId, MemoryListParams.builder().pathPrefix("/").build())
			.items()
			.stream()
			.filter((item) -> item.isMemory() && item.asMemory().path().equals("/remembered.md"))
			.findFirst()
			.orElseThrow()
			.asMemory()
			.id();
		List<BetaManagedAgentsMemoryVersion> versions = this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(storeId, MemoryVersionListParams.builder().memoryId(memoryId).build())
			.items();
		assertThat(versions).singleElement()
			.satisfies((version) -> assertThat(version.createdBy().orElseThrow().asSession().sessionId())
				.isEqualTo(first.id()));

		JsonNode usage = this.api.managedAgentsApi("GET", "/v1/sessions/" + first.id(), this.workspace.apiKey())
			.send()
			.json()
			.path("usage");
		assertThat(usage.path("input_tokens").asLong()).isEqualTo(200);
		assertThat(usage.path("output_tokens").asLong()).isEqualTo(50);
		assertThat(usage.path("cache_read_input_tokens").asLong()).isEqualTo(80);
		assertThat(usage.path("cache_creation").path("ephemeral_5m_input_tokens").asLong()).isEqualTo(40);

		BetaManagedAgentsSession second = newSession(mount(storeId, Access.READ_ONLY));
		this.claude.answer(this.claude.toolUse("read", Map.of("file_path", MOUNT + "/remembered.md")), this.claude.text(
				"Release note for Maya, in EU English with brand colour #0E7A4F (from " + MOUNT + "/remembered.md)."));
		RawApi.Response turn = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + second.id() + "/turns", this.workspace.apiKey())
			.json("{\"input\":[{\"role\":\"user\",\"content\":\"Draft a release note for Maya at Acme Corp.\"}]}")
			.send();

		assertThat(turn.status()).isEqualTo(200);
		JsonNode body = turn.json();
		assertThat(body.path("status").asString()).isEqualTo("completed");
		JsonNode output = body.path("output");
		assertThat(output.get(output.size() - 1).path("content").get(0).path("text").asString()).contains("EU English",
				"#0E7A4F");
		FakeMessagesApi.Request recall = this.claude.nextRequest();
		assertThat(recall.system()).contains(MOUNT + ": \"Acme customer memory\", read-only");
		assertThat(recall.messages()).as("nothing of the first session leaks into the second").hasSize(1);
		FakeMessagesApi.Request afterRead = this.claude.nextRequest();
		assertThat((String) content(afterRead.messages().get(2)).get(0).get("content")).contains(PREFERENCES.strip());
	}

	@Test
	void aReadOnlyRefusalReachesClaudeAsAToolErrorAndWritesNothing() throws Exception {
		String storeId = newStore("Acme customer memory");
		BetaManagedAgentsSession session = newSession(mount(storeId, Access.READ_ONLY));
		this.claude.answer(this.claude.toolUse("write", Map.of("file_path", MOUNT + "/notes.md", "content", "x")),
				this.claude.text("The store is read-only, so I could not save that."));

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(session.id(), "Save a note.");

		BetaManagedAgentsStreamSessionEvents result = ofType(events, "agent.tool_result").get(0);
		assertThat(result.asAgentToolResult().isError()).hasValue(true);
		this.claude.nextRequest();
		Map<String, Object> sent = content(this.claude.nextRequest().messages().get(2)).get(0);
		assertThat(sent).containsEntry("is_error", true);
		assertThat((String) sent.get("content")).contains("Read-only file system");
		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.list(storeId, MemoryListParams.builder().pathPrefix("/").build())
			.items()).isEmpty();
	}

	@Test
	void laterTurnsSendTheEarlierConversation() throws Exception {
		BetaManagedAgentsSession session = newSession();
		this.claude.answer(this.claude.text("Hello Maya."), this.claude.text("You are Maya."));

		sendAndStream(session.id(), "I am Maya.");
		sendAndStream(session.id(), "Who am I?");

		this.claude.nextRequest();
		List<Map<String, Object>> messages = this.claude.nextRequest().messages();
		assertThat(messages).extracting((message) -> message.get("role")).containsExactly("user", "assistant", "user");
		assertThat(content(messages.get(0))).containsExactly(Map.of("type", "text", "text", "I am Maya."));
		assertThat(content(messages.get(1))).containsExactly(Map.of("type", "text", "text", "Hello Maya."));
		assertThat(content(messages.get(2)).get(0)).containsEntry("text", "Who am I?");
		assertThat(this.claude.remainingRequests()).isEmpty();
	}

	@Test
	void anAgentOnTheOfflineModelNeverCallsClaude() throws Exception {
		this.agentId = newAgent("memstore-offline", true);
		BetaManagedAgentsSession session = newSession();

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(session.id(), "Hello there.");

		assertThat(json(ofType(events, "span.model_request_start").get(0)).path("model").path("id").asText())
			.isEqualTo("memstore-offline");
		assertThat(this.claude.remainingRequests()).isEmpty();
	}

	@Test
	void anAgentWithoutToolsIsOfferedNone() throws Exception {
		this.agentId = newAgent(MODEL, false);
		BetaManagedAgentsSession session = newSession(mount(newStore("Acme customer memory"), Access.READ_WRITE));
		this.claude.answer(this.claude.text("I have no tools."));

		sendAndStream(session.id(), "What can you do?");

		assertThat(this.claude.nextRequest().body()).doesNotContainKey("tools");
	}

}
