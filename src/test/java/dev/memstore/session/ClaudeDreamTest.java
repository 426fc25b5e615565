package dev.memstore.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.anthropic.models.beta.dreams.BetaDream;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import com.anthropic.models.beta.dreams.DreamCreateParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import org.junit.jupiter.api.Test;

import dev.memstore.support.FakeMessagesApi;
import dev.memstore.support.SessionFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dream on Claude, against a local fake of the Messages API: the dream's session runs
 * the built-in consolidation agent with the dream's instructions, the output store
 * mounted read-write and the input sessions' transcripts in its message; what Claude
 * writes lands in the output store, and the dream's usage adds up the model's tokens.
 */
class ClaudeDreamTest extends ClaudeSessionTestSupport {

	private static final String DREAM_MODEL = "claude-haiku-4-5";

	@Test
	void aDreamOnClaudeSendsTheConsolidationPromptAndTranscriptsAndWritesWhatClaudeDecides() throws Exception {
		String input = newStore("Billing");
		createMemory(input, "/invoices.md", "Invoices go out on the 1st.\n");
		String session = offlineSessionSaying(input, "Remember that refunds need a manager's approval.");
		this.claude.answer(
				this.claude.toolUse("write",
						Map.of("file_path", "/mnt/memory/billing-dream/policies.md", "content",
								"# Policies\n- Refunds need a manager's approval.\n")),
				this.claude.text("Gathered the refund policy into /policies.md."));

		BetaDream dream = this.client.beta()
			.dreams()
			.create(DreamCreateParams.builder()
				.addMemoryStoreInput(input)
				.addSessionsInput(List.of(session))
				.model(DREAM_MODEL)
				.instructions("Focus on billing rules.")
				.build());
		BetaDream done = awaitEnd(dream.id());

		assertThat(done.status()).isEqualTo(BetaDreamStatus.COMPLETED);
		FakeMessagesApi.Request first = this.claude.nextRequest();
		assertThat(first.body().get("model")).isEqualTo(DREAM_MODEL);
		assertThat(first.system()).startsWith("You are memstore's memory consolidation agent.")
			.contains("Instructions from the person who started this dream:\nFocus on billing rules.")
			.contains("/mnt/memory/billing-dream");
		assertThat(first.toolNames()).contains("read", "write", "edit", "glob", "grep", "bash")
			.doesNotContain("web_fetch", "web_search");
		String message = String.valueOf(first.messages().get(0).get("content"));
		assertThat(message).contains("## Session " + session)
			.contains("user: Remember that refunds need a manager's approval.");
		this.claude.nextRequest();

		String output = done.outputs().get(0).memoryStoreId();
		var policies = this.client.beta()
			.memoryStores()
			.memories()
			.list(output)
			.autoPager()
			.stream()
			.filter((item) -> item.asMemory().path().equals("/policies.md"))
			.toList();
		assertThat(policies).hasSize(1);
		assertThat(this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(output, MemoryVersionListParams.builder().build())
			.autoPager()
			.stream()
			.filter((version) -> version.path().orElse("").equals("/policies.md"))
			.toList()).singleElement()
			.satisfies((version) -> assertThat(version.createdBy().orElseThrow().asSession().sessionId())
				.isEqualTo(done.sessionId().orElseThrow()));
		// Two model requests of 100 input, 40 cache-read, 20 cache-written and 25 output
		// tokens each.
		assertThat(done.usage().inputTokens()).isEqualTo(200);
		assertThat(done.usage().outputTokens()).isEqualTo(50);
		assertThat(done.usage().cacheReadInputTokens()).isEqualTo(80);
		assertThat(done.usage().cacheCreationInputTokens()).isEqualTo(40);
	}

	@Test
	void aDreamWhoseModelKeepsFailingEndsFailedWithTheSessionLoopsErrorType() throws Exception {
		String input = newStore("Flaky");
		String session = offlineSessionSaying(input, "hello");
		this.claude.answer(FakeMessagesApi.error(529, "overloaded_error", "Overloaded"),
				FakeMessagesApi.error(529, "overloaded_error", "Overloaded"),
				FakeMessagesApi.error(529, "overloaded_error", "Overloaded"));

		BetaDream done = awaitEnd(this.client.beta()
			.dreams()
			.create(DreamCreateParams.builder()
				.addMemoryStoreInput(input)
				.addSessionsInput(List.of(session))
				.model(DREAM_MODEL)
				.build())
			.id());

		assertThat(done.status()).isEqualTo(BetaDreamStatus.FAILED);
		assertThat(done.error()).hasValueSatisfying((error) -> {
			assertThat(error.type()).isEqualTo("model_overloaded_error");
			assertThat(error.message()).isNotBlank();
		});
		assertThat(done.endedAt()).isPresent();
	}

	private String offlineSessionSaying(String storeId, String text) {
		this.agentId = SessionFixtures.agentWithToolset(this.client, "Offline agent", "memstore-offline");
		String sessionId = newSession(mount(storeId, Access.READ_ONLY)).id();
		send(sessionId, text);
		await().atMost(TURN_TIMEOUT)
			.until(() -> this.client.beta()
				.sessions()
				.events()
				.list(sessionId)
				.autoPager()
				.stream()
				.anyMatch((event) -> event.isSessionStatusIdle()));
		return sessionId;
	}

	private BetaDream awaitEnd(String dreamId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.client.beta().dreams().retrieve(dreamId),
					(dream) -> dream.status().equals(BetaDreamStatus.COMPLETED)
							|| dream.status().equals(BetaDreamStatus.FAILED));
	}

}
