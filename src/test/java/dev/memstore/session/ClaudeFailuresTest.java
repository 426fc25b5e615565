package dev.memstore.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsUserInterruptEventParams;
import com.anthropic.models.beta.sessions.events.EventSendParams;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.memstore.support.FakeMessagesApi;
import dev.memstore.support.RawApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Claude turn does when the Messages API fails, is slow or is asked to stop, and
 * the bounds it keeps: memstore retries passing failures with events to show it, tells
 * the user what to fix otherwise, and never hangs.
 */
class ClaudeFailuresTest extends ClaudeSessionTestSupport {

	@Test
	void rateLimitsAndOverloadAreRetriedAfterTheWaitTheApiAsksFor() throws Exception {
		BetaManagedAgentsSession session = newSession();
		this.claude.answer(FakeMessagesApi.rateLimited(Duration.ofSeconds(1)),
				FakeMessagesApi.error(529, "overloaded_error", "Overloaded"), this.claude.text("Done at last."));

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(session.id(), "Hello.");

		assertThat(types(events)).containsExactly("user.message", "session.status_running", "span.model_request_start",
				"span.model_request_end", "session.error", "session.status_rescheduled", "session.status_running",
				"span.model_request_start", "span.model_request_end", "session.error", "session.status_rescheduled",
				"session.status_running", "span.model_request_start", "span.model_request_end", "agent.message",
				"session.status_idle");
		assertThat(json(events.get(3)).path("is_error").asBoolean()).isTrue();
		assertError(events.get(4), "model_rate_limited_error", "retrying");
		assertError(events.get(9), "model_overloaded_error", "retrying");
		assertThat(events.get(15).asSessionStatusIdle().stopReason().isEndTurn()).isTrue();
		FakeMessagesApi.Request limited = this.claude.nextRequest();
		FakeMessagesApi.Request retried = this.claude.nextRequest();
		assertThat(Duration.ofNanos(retried.receivedAtNanos() - limited.receivedAtNanos()))
			.as("retry-after: 1 is honoured")
			.isGreaterThanOrEqualTo(Duration.ofMillis(950));
		assertThat(retried.body()).isEqualTo(limited.body());
	}

	@Test
	void serverErrorsEndTheTurnWithRetriesExhaustedWhenTheRetriesRunOut() throws Exception {
		BetaManagedAgentsSession session = newSession();
		this.claude.answer(FakeMessagesApi.error(500, "api_error", "Internal server error"),
				FakeMessagesApi.error(500, "api_error", "Internal server error"),
				FakeMessagesApi.error(500, "api_error", "Internal server error"));

		RawApi.Response turn = turn(session.id(), "Hello.");

		assertThat(turn.json().path("status").asString()).isEqualTo("failed");
		List<JsonNode> errors = eventsOfType(session.id(), "session.error");
		assertThat(errors).extracting((error) -> error.path("error").path("retry_status").path("type").asString())
			.containsExactly("retrying", "retrying", "exhausted");
		assertThat(errors.get(2).path("error").path("message").asString()).contains("500", "Internal server error");
		assertThat(lastIdle(session.id()).path("stop_reason").path("type").asString()).isEqualTo("retries_exhausted");
		assertThat(this.claude.remainingRequests()).hasSize(3);
	}

	@Test
	void aRefusedKeyEndsTheTurnAtOnceSayingWhatToFix() throws Exception {
		BetaManagedAgentsSession session = newSession();
		this.claude.answer(FakeMessagesApi.error(401, "authentication_error", "invalid x-api-key"),
				this.claude.text("Working again."));

		RawApi.Response failed = turn(session.id(), "Hello.");

		assertThat(failed.json().path("status").asString()).isEqualTo("failed");
		JsonNode error = eventsOfType(session.id(), "session.error").get(0).path("error");
		assertThat(error.path("type").asString()).isEqualTo("model_request_failed_error");
		assertThat(error.path("retry_status").path("type").asString()).isEqualTo("terminal");
		assertThat(error.path("message").asString()).contains("invalid x-api-key", "MEMSTORE_MODEL_CLAUDE_API_KEY");
		assertThat(this.claude.remainingRequests()).as("no retry for a client error").hasSize(1);

		RawApi.Response next = turn(session.id(), "Hello again.");
		assertThat(next.json().path("status").asString()).isEqualTo("completed");
	}

	@Test
	void anUnknownModelIsNamedInTheError() throws Exception {
		this.agentId = newAgent("claude-nonexistent-1", true);
		BetaManagedAgentsSession session = newSession();
		this.claude.answer(FakeMessagesApi.error(404, "not_found_error", "model: claude-nonexistent-1"));

		turn(session.id(), "Hello.");

		JsonNode error = eventsOfType(session.id(), "session.error").get(0).path("error");
		assertThat(error.path("retry_status").path("type").asString()).isEqualTo("terminal");
		assertThat(error.path("message").asString()).contains("'claude-nonexistent-1'", "agent's model");
		assertThat(this.claude.nextRequest().body()).containsEntry("model", "claude-nonexistent-1");
	}

	@Test
	void aSilentApiTimesOutAndIsTriedAgain() throws Exception {
		BetaManagedAgentsSession session = newSession();
		this.claude.answer(FakeMessagesApi.silence(), this.claude.text("Sorry for the wait."));

		RawApi.Response turn = turn(session.id(), "Hello.");

		assertThat(turn.json().path("status").asString()).isEqualTo("completed");
		JsonNode error = eventsOfType(session.id(), "session.error").get(0).path("error");
		assertThat(error.path("type").asString()).isEqualTo("model_request_failed_error");
		assertThat(error.path("retry_status").path("type").asString()).isEqualTo("retrying");
		assertThat(error.path("message").asString()).contains("no answer from the Claude API");
	}

	@Test
	void anInterruptStopsTheLoopBeforeTheToolRunsAndTheNextTurnKnows() throws Exception {
		String storeId = newStore("Acme customer memory");
		BetaManagedAgentsSession session = newSession(mount(storeId, Access.READ_WRITE));
		this.claude.answer(this.claude
			.toolUse("write", Map.of("file_path", "/mnt/memory/acme-customer-memory/a.md", "content", "a"))
			.setHeadersDelay(1500, TimeUnit.MILLISECONDS), this.claude.text("Understood, I stopped."));

		Stream stream = openStream(session.id());
		send(session.id(), "Write a.md.");
		this.claude.nextRequest();
		this.client.beta()
			.sessions()
			.events()
			.send(session.id(),
					EventSendParams.builder()
						.addEvent(BetaManagedAgentsUserInterruptEventParams.builder()
							.type(JsonValue.from("user.interrupt"))
							.build())
						.build());
		List<BetaManagedAgentsStreamSessionEvents> events = stream.untilIdle();

		assertThat(types(events)).contains("agent.tool_use").doesNotContain("agent.tool_result");
		assertThat(events.get(events.size() - 1).asSessionStatusIdle().stopReason().isEndTurn()).isTrue();
		assertThat(this.claude.remainingRequests()).as("no model request after the interrupt").isEmpty();
		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.list(storeId, MemoryListParams.builder().pathPrefix("/").build())
			.items()).isEmpty();

		sendAndStream(session.id(), "Never mind.");
		List<Map<String, Object>> messages = this.claude.nextRequest().messages();
		List<Map<String, Object>> last = content(messages.get(messages.size() - 1));
		assertThat(last.get(0)).containsEntry("type", "tool_result").containsEntry("is_error", true);
		assertThat(last.get(1)).containsEntry("text", "Never mind.");
	}

	@Test
	void aTurnEndsWhenItHasUsedItsToolRounds() throws Exception {
		BetaManagedAgentsSession session = newSession(mount(newStore("Acme customer memory"), Access.READ_WRITE));
		this.claude.answer(this.claude.toolUse("glob", Map.of("pattern", "**/*.md")),
				this.claude.toolUse("glob", Map.of("pattern", "**/*.txt")),
				this.claude.toolUse("glob", Map.of("pattern", "**/*.json")), this.claude.text("never asked for"));

		turn(session.id(), "Look around.");

		JsonNode error = eventsOfType(session.id(), "session.error").get(0).path("error");
		assertThat(error.path("type").asString()).isEqualTo("tool_use_limit_reached_error");
		assertThat(error.path("message").asString()).contains("3", "memstore.model.claude.max-tool-rounds");
		assertThat(error.path("retry_status").path("type").asString()).isEqualTo("exhausted");
		assertThat(this.claude.remainingRequests()).hasSize(3);
		assertThat(lastIdle(session.id()).path("stop_reason").path("type").asString()).isEqualTo("retries_exhausted");
	}

	@Test
	void aLongToolResultReachesClaudeTruncatedWhileTheLogKeepsItWhole() throws Exception {
		String storeId = newStore("Acme customer memory");
		createMemory(storeId, "/long.md", "x".repeat(5_000));
		BetaManagedAgentsSession session = newSession(mount(storeId, Access.READ_ONLY));
		this.claude.answer(
				this.claude.toolUse("bash", Map.of("command", "cat /mnt/memory/acme-customer-memory/long.md")),
				this.claude.text("That is a long file."));

		turn(session.id(), "Show me long.md.");

		this.claude.nextRequest();
		String sent = (String) content(this.claude.nextRequest().messages().get(2)).get(0).get("content");
		assertThat(sent).hasSizeLessThan(2_200).contains("output truncated; 2000 of 5000 characters shown");
		JsonNode recorded = eventsOfType(session.id(), "agent.tool_result").get(0);
		assertThat(recorded.path("content").get(0).path("text").asString()).hasSize(5_000);
	}

	private static void assertError(BetaManagedAgentsStreamSessionEvents event, String type, String retryStatus) {
		com.fasterxml.jackson.databind.JsonNode error = json(event).path("error");
		assertThat(error.path("type").asText()).isEqualTo(type);
		assertThat(error.path("retry_status").path("type").asText()).isEqualTo(retryStatus);
	}

	private RawApi.Response turn(String sessionId, String text) {
		RawApi.Response turn = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + sessionId + "/turns", this.workspace.apiKey())
			.json("{\"input\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}")
			.send();
		assertThat(turn.status()).isEqualTo(200);
		return turn;
	}

	private List<JsonNode> eventsOfType(String sessionId, String type) {
		JsonNode page = this.api
			.managedAgentsApi("GET", "/v1/sessions/" + sessionId + "/events?limit=100&types[]=" + type,
					this.workspace.apiKey())
			.send()
			.json();
		return page.path("data").valueStream().toList();
	}

	private JsonNode lastIdle(String sessionId) {
		List<JsonNode> idle = eventsOfType(sessionId, "session.status_idle");
		return idle.get(idle.size() - 1);
	}

}
