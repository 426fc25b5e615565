package dev.memstore.session;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.anthropic.errors.BadRequestException;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsSessionEvent;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsSessionEventType;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import com.anthropic.models.beta.sessions.events.EventListPage;
import com.anthropic.models.beta.sessions.events.EventListParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.SdkEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Sending, listing and streaming a session's events, with the offline agent running
 * scripted turns on mounted stores.
 */
@MemstoreIntegrationTest
class SessionEventsTest extends SessionTestSupport {

	private static final List<String> SCRIPTED_TURN = List.of("user.message", "session.status_running",
			"span.model_request_start", "agent.tool_use", "agent.tool_result", "agent.message",
			"span.model_request_end", "session.status_idle");

	@Test
	void everySubscriberReceivesTheTurnsEventsInEmissionOrder() throws Exception {
		String storeId = newStore("Notes");
		String sessionId = newSession(mount(storeId, Access.READ_WRITE)).id();
		Stream first = openStream(sessionId);
		Stream second = openStream(sessionId);

		send(sessionId, script("""
				[{"tool": "write", "input": {"file_path": "/mnt/memory/notes/todo.md", "content": "buy milk"}},
				 {"say": "Written."}]"""));

		List<BetaManagedAgentsStreamSessionEvents> seenByFirst = first.untilIdle();
		List<BetaManagedAgentsStreamSessionEvents> seenBySecond = second.untilIdle();
		assertThat(types(seenByFirst)).isEqualTo(SCRIPTED_TURN);
		assertThat(ids(seenBySecond)).isEqualTo(ids(seenByFirst));
		assertThat(seenByFirst.get(4).asAgentToolResult().toolUseId())
			.isEqualTo(seenByFirst.get(3).asAgentToolUse().id());
		assertThat(seenByFirst.get(4).asAgentToolResult().isError()).hasValue(false);
		assertThat(seenByFirst.get(6).asSpanModelRequestEnd().modelRequestStartId())
			.isEqualTo(seenByFirst.get(2).asSpanModelRequestStart().id());

		List<BetaManagedAgentsSessionEvent> listed = this.client.beta()
			.sessions()
			.events()
			.list(sessionId)
			.autoPager()
			.stream()
			.toList();
		assertThat(listed.stream().map(SessionEventsTest::id).toList()).isEqualTo(ids(seenByFirst));
	}

	@Test
	void aStreamDeliversOnlyEventsEmittedAfterItOpened() throws Exception {
		String sessionId = newSession().id();
		sendAndStream(sessionId, script("[{\"say\": \"one\"}]"));

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(sessionId, script("[{\"say\": \"two\"}]"));

		assertThat(types(events)).containsExactly("user.message", "session.status_running", "span.model_request_start",
				"agent.message", "span.model_request_end", "session.status_idle");
		assertThat(events.get(3).asAgentMessage().content().get(0).asText().text()).isEqualTo("two");
	}

	@Test
	void listFiltersByTypeAndPagesInEitherOrder() throws Exception {
		String sessionId = newSession().id();
		sendAndStream(sessionId, script("[{\"say\": \"a\"}, {\"say\": \"b\"}, {\"say\": \"c\"}]"));

		List<BetaManagedAgentsSessionEvent> messages = this.client.beta()
			.sessions()
			.events()
			.list(sessionId,
					EventListParams.builder().addType(BetaManagedAgentsSessionEventType.AGENT_MESSAGE).limit(2).build())
			.autoPager()
			.stream()
			.toList();
		assertThat(messages).extracting((event) -> event.asAgentMessage().content().get(0).asText().text())
			.containsExactly("a", "b", "c");
		List<BetaManagedAgentsSessionEvent> newestFirst = this.client.beta()
			.sessions()
			.events()
			.list(sessionId, EventListParams.builder().order(EventListParams.Order.DESC).build())
			.items();
		assertThat(newestFirst.get(0).isSessionStatusIdle()).isTrue();
		assertThat(newestFirst.get(newestFirst.size() - 1).isUserMessage()).isTrue();
	}

	@Test
	void listTakesPagesOfUpToAThousandEventsAndRefusesMore() throws Exception {
		String sessionId = newSession().id();
		String says = String.join(", ", Collections.nCopies(150, "{\"say\": \"x\"}"));
		List<BetaManagedAgentsStreamSessionEvents> streamed = sendAndStream(sessionId, script("[" + says + "]"));
		assertThat(streamed).hasSizeGreaterThan(150);

		EventListPage page = this.client.beta()
			.sessions()
			.events()
			.list(sessionId, EventListParams.builder().limit(1000).build());
		assertThat(page.items().stream().map(SessionEventsTest::id).toList()).isEqualTo(ids(streamed));
		assertThat(page.hasNextPage()).isFalse();

		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.beta()
				.sessions()
				.events()
				.list(sessionId, EventListParams.builder().limit(1001).build()))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("limit must be an integer from 1 to 1000"));
	}

	@Test
	void aReadOnlyMountRefusesEveryWriteAndNothingChanges() throws Exception {
		String storeId = newStore("Policies");
		createMemory(storeId, "/rules.md", "Be kind.\n");
		String sessionId = newSession(mount(storeId, Access.READ_ONLY)).id();

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(sessionId, script("""
				[{"tool": "write", "input": {"file_path": "/mnt/memory/policies/new.md", "content": "x"}},
				 {"tool": "edit", "input": {"file_path": "/mnt/memory/policies/rules.md", "old_string": "kind",
				                             "new_string": "cruel"}},
				 {"tool": "bash", "input": {"command": "rm /mnt/memory/policies/rules.md"}},
				 {"tool": "write", "input": {"file_path": "/mnt/memory/elsewhere.md", "content": "x"}}]"""));

		List<BetaManagedAgentsStreamSessionEvents> results = events.stream()
			.filter(BetaManagedAgentsStreamSessionEvents::isAgentToolResult)
			.toList();
		assertThat(results).hasSize(4).allSatisfy((result) -> {
			assertThat(result.asAgentToolResult().isError()).hasValue(true);
			assertThat(result.asAgentToolResult().content().orElseThrow().get(0).asText().text())
				.contains("Read-only file system");
		});
		assertThat(
				this.client.beta().memoryStores().memories().list(storeId, MemoryListParams.builder().build()).items())
			.singleElement()
			.satisfies((item) -> assertThat(item.asMemory().path()).isEqualTo("/rules.md"));
		assertThat(this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(storeId, MemoryVersionListParams.builder().sessionId(sessionId).build())
			.items()).isEmpty();
	}

	@Test
	void aToolCallThatFailsPartWayLeavesNothingBehindAndTheTurnGoesOn() throws Exception {
		String storeId = newStore("Drafts");
		// The copy of the second file would be longer than a path may be, so the copy
		// fails after it has already copied the first one.
		String longName = "x".repeat(1000) + ".md";
		createMemory(storeId, "/dir/a.md", "a");
		createMemory(storeId, "/dir/" + longName, "x");
		String sessionId = newSession(mount(storeId, Access.READ_WRITE)).id();

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(sessionId,
				script("""
						[{"tool": "bash", "input": {"command": "cp -r /mnt/memory/drafts/dir /mnt/memory/drafts/a-copy-of-the-directory"}},
						 {"say": "carried on"}]"""));

		assertThat(types(events)).containsExactly("user.message", "session.status_running", "span.model_request_start",
				"agent.tool_use", "agent.tool_result", "agent.message", "span.model_request_end",
				"session.status_idle");
		assertThat(events.get(4).asAgentToolResult().isError()).hasValue(true);
		assertThat(events.get(4).asAgentToolResult().content().orElseThrow().get(0).asText().text())
			.contains("paths may be at most 1024 bytes");
		assertThat(events.get(7).asSessionStatusIdle().stopReason().isEndTurn()).isTrue();
		assertThat(
				this.client.beta().memoryStores().memories().list(storeId, MemoryListParams.builder().build()).items())
			.extracting((item) -> item.asMemory().path())
			.as("the file copied before the failure is undone with the rest of the call")
			.containsExactlyInAnyOrder("/dir/a.md", "/dir/" + longName);
		assertThat(this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(storeId, MemoryVersionListParams.builder().sessionId(sessionId).build())
			.items()).isEmpty();
	}

	@Test
	void scriptedWritesEditsRenamesAndDeletesAreVersionsOfTheSession() throws Exception {
		String storeId = newStore("Work");
		createMemory(storeId, "/old.md", "obsolete");
		String sessionId = newSession(mount(storeId, Access.READ_WRITE)).id();

		sendAndStream(sessionId, script("""
				[{"tool": "write", "input": {"file_path": "/mnt/memory/work/plan.md", "content": "step one"}},
				 {"tool": "edit", "input": {"file_path": "/mnt/memory/work/plan.md", "old_string": "one",
				                             "new_string": "two"}},
				 {"tool": "bash", "input": {"command": "mv /mnt/memory/work/plan.md /mnt/memory/work/done/plan.md"}},
				 {"tool": "bash", "input": {"command": "rm /mnt/memory/work/old.md"}}]"""));

		List<BetaManagedAgentsMemoryVersion> versions = this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(storeId, MemoryVersionListParams.builder().sessionId(sessionId).build())
			.items();
		assertThat(versions).extracting((version) -> version.operation().toString())
			.containsExactly("deleted", "modified", "modified", "created");
		assertThat(versions)
			.allSatisfy((version) -> assertThat(version.createdBy().orElseThrow().asSession().sessionId())
				.isEqualTo(sessionId));
		assertThat(versions.get(1).path()).hasValue("/done/plan.md");
		assertThat(versions.get(1).memoryId()).isEqualTo(versions.get(3).memoryId());
	}

	@Test
	void sendingRefusesEventTypesMemstoreDoesNotHandle() {
		String sessionId = newSession().id();
		RawApi.Response response = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + sessionId + "/events", this.workspace.apiKey())
			.json("{\"events\":[{\"type\":\"user.define_outcome\",\"description\":\"x\"}]}")
			.send();
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("error").path("message").asString())
			.contains("does not support user.define_outcome");

		RawApi.Response toolResult = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + sessionId + "/events", this.workspace.apiKey())
			.json("{\"events\":[{\"type\":\"user.tool_result\",\"tool_use_id\":\"x\"}]}")
			.send();
		assertThat(toolResult.status()).isEqualTo(400);
		assertThat(toolResult.json().path("error").path("message").asString())
			.contains("memstore runs built-in tools itself");

		RawApi.Response empty = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + sessionId + "/events", this.workspace.apiKey())
			.json("{\"events\":[]}")
			.send();
		assertThat(empty.status()).isEqualTo(400);

		RawApi.Response noText = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + sessionId + "/events", this.workspace.apiKey())
			.json("{\"events\":[{\"type\":\"user.message\",\"content\":[]}]}")
			.send();
		assertThat(noText.status()).isEqualTo(400);
		assertThat(noText.json().path("error").path("message").asString()).contains("events[0].content");
	}

	@Test
	void textPostgresqlCannotStoreAnywhereInASessionsJsonIsAnInvalidRequest() {
		// Free-form fields are stored as jsonb, which holds no NUL: each of these was a
		// 500.
		String sessionId = newSession().id();
		String session = "{\"agent\":\"" + this.agentId + "\",\"environment_id\":\"" + this.environmentId + "\",";
		String[][] requests = { { "/v1/sessions/" + sessionId + "/events",
				"{\"events\":[{\"type\":\"user.message\",\"content\":[{\"type\":\"image\",\"source\":{\"data\":\"a\\u0000\"}}]}]}",
				"events[0].content[0].source.data" },
				{ "/v1/sessions/" + sessionId + "/events",
						"{\"events\":[{\"type\":\"user.interrupt\",\"session_thread_id\":\"a\\u0000\"}]}",
						"events[0].session_thread_id" },
				{ "/v1/sessions/" + sessionId + "/turns",
						"{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\",\"x\\u0000\":1}]}]}",
						"a key of input[0].content[0]" },
				{ "/v1/sessions", session + "\"budget\":{\"x\":\"\\u0000\"}}", "budget.x" },
				{ "/v1/sessions", session + "\"vault_ids\":[\"\\u0000\"]}", "vault_ids[0]" },
				{ "/v1/sessions", session + "\"resources\":[{\"type\":\"file\",\"file_id\":\"file_\\u0000\"}]}",
						"resources[0].file_id" },
				{ "/v1/sessions/" + sessionId, "{\"budget\":{\"\\u0000\":1}}", "a key of budget" },
				{ "/v1/sessions/" + sessionId + "/resources",
						"{\"type\":\"file\",\"file_id\":\"file_a\",\"mount_path\":\"/x\\u0000\"}",
						"the resource.mount_path" } };

		for (String[] request : requests) {
			RawApi.Response response = this.api.managedAgentsApi("POST", request[0], this.workspace.apiKey())
				.json(request[1])
				.send();
			assertThat(response.status()).as(request[1]).isEqualTo(400);
			assertThat(response.errorMessage()).as(request[1]).contains(request[2]).contains("NUL");
		}
	}

	@Test
	void aToolCallOrOutputHoldingANulIsRecordedWithAReplacementCharacter() throws Exception {
		// jsonb holds no NUL: recording such a tool call or result failed the turn, and
		// each retry failed again.
		String sessionId = newSession(mount(newStore("Nul"), Access.READ_WRITE)).id();

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(sessionId, script("""
				[{"tool": "bash", "input": {"command": "printf 'a\\\\0b'"}},
				 {"tool": "read", "input": {"file_path": "/mnt/memory/nul/a\\u0000b.md"}},
				 {"say": "done"}]"""));

		assertThat(types(events)).doesNotContain("session.error").contains("agent.message");
		List<String> results = events.stream()
			.filter(BetaManagedAgentsStreamSessionEvents::isAgentToolResult)
			.map((result) -> result.asAgentToolResult().content().orElseThrow().get(0).asText().text())
			.toList();
		assertThat(results).hasSize(2);
		assertThat(results.get(0)).isEqualTo("a\uFFFDb");
		assertThat(events.stream().filter(BetaManagedAgentsStreamSessionEvents::isAgentToolUse).toList().get(1))
			.satisfies((use) -> assertThat(use.asAgentToolUse().input().toString()).contains("a\uFFFDb.md"));
	}

	@Test
	void anArchivedSessionTakesNoEvents() {
		String sessionId = newSession().id();
		this.client.beta().sessions().archive(sessionId);
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> send(sessionId, "hello"))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("archived"));
	}

	@Test
	void theStreamAnswersWhateverTheAcceptHeaderSays() throws Exception {
		String sessionId = newSession().id();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/v1/sessions/" + sessionId
					+ "/events/stream?event_deltas%5B%5D=agent.message"))
			.header("x-api-key", this.workspace.apiKey())
			.header("anthropic-beta", "managed-agents-2026-04-01")
			.header("accept", "application/json")
			.build();
		{
			HttpResponse<InputStream> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofInputStream());
			response.body().close();
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("content-type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			assertThat(response.headers().firstValue("request-id"))
				.hasValueSatisfying((id) -> assertThat(id).startsWith("req_"));
		}
	}

	@Test
	// A stream spelled otherwise never shows the line looked for; fail rather than wait.
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void theStreamIsSpelledAsTheApiSpellsItsStreams() throws Exception {
		String sessionId = newSession().id();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/v1/sessions/" + sessionId + "/events/stream"))
			.header("x-api-key", this.workspace.apiKey())
			.header("anthropic-beta", "managed-agents-2026-04-01")
			.build();
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofInputStream());
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			send(sessionId, "hello");
			String line;
			while ((line = reader.readLine()) != null && !line.equals("event: session.status_idle")) {
				lines.add(line);
			}
			lines.add(line);
			lines.add(reader.readLine());
		}

		assertThat(lines.subList(0, 3)).containsExactly("event: ping", "data: {\"type\":\"ping\"}", "");
		assertThat(lines).contains("event: user.message", "event: session.status_running", "event: agent.message");
		assertThat(lines.get(lines.size() - 1)).startsWith("data: {\"type\":\"session.status_idle\",\"id\":\"sevt_")
			.contains("\"stop_reason\":{\"type\":\"end_turn\"}");
		for (int i = 0; i < lines.size() - 1; i++) {
			if (lines.get(i).startsWith("event: ")) {
				assertThat(lines.get(i + 1)).startsWith("data: {\"type\":\"" + lines.get(i).substring(7) + "\"");
			}
		}
	}

	private static List<String> ids(List<BetaManagedAgentsStreamSessionEvents> events) {
		return events.stream().map(SessionEventsTest::id).toList();
	}

	private static String id(Object event) {
		return SdkEvents.id(event);
	}

}
