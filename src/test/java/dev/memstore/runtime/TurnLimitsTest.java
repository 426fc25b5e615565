package dev.memstore.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn ends once it has used up its tool calls, its tool time or its tool output, with
 * the error the API documents for a limit on tool use; the session's next message starts
 * afresh.
 */
class TurnLimitsTest extends LimitedWorkersTestSupport {

	@Test
	void aTurnEndsAtItsLastAllowedToolCallAndTheNextMessageGoesOn() {
		String session = newSession("Notes");
		String glob = "{\"tool\": \"glob\", \"input\": {\"pattern\": \"**/*.md\"}}";

		send(session, script(Collections.nCopies(8, glob), "never said"));
		List<JsonNode> events = untilIdle(session, 1, Duration.ofSeconds(30));

		assertThat(ofType(events, "agent.tool_result")).hasSize(6);
		assertThat(ofType(events, "agent.message")).isEmpty();
		assertLimitReached(events, "memstore.runtime.turn-tool-calls");

		send(session, script(List.of(glob), "still here"));
		List<JsonNode> next = untilIdle(session, 2, Duration.ofSeconds(30));
		assertThat(stopReason(ofType(next, "session.status_idle").get(1))).isEqualTo("end_turn");
		assertThat(ofType(next, "agent.message")).hasSize(1);
	}

	@Test
	void aTurnEndsOnceItsRecordedToolOutputReachesTheLimit() {
		String session = newSession("Notes");
		createMemory(session, "/big.md", "x".repeat(40_000));
		String cat = bash("cat /mnt/memory/notes/big.md");

		send(session, script(List.of(cat, cat, cat), "never said"));
		List<JsonNode> events = untilIdle(session, 1, Duration.ofSeconds(30));

		List<JsonNode> results = ofType(events, "agent.tool_result");
		assertThat(results).hasSize(2);
		assertThat(text(results.get(0))).hasSize(40_000);
		String cut = text(results.get(1));
		assertThat(cut).endsWith("(memstore.runtime.turn-tool-output)]");
		long recorded = results.stream()
			.mapToLong((result) -> text(result).getBytes(StandardCharsets.UTF_8).length)
			.sum();
		assertThat(recorded).isLessThan(64 * 1024 + 200);
		assertLimitReached(events, "memstore.runtime.turn-tool-output");
	}

	@Test
	void aCallRunsAtMostItsTimeLimitAndATurnAtMostItsToolTime() {
		String session = newSession("Notes");
		createMemory(session, "/a.md", "a".repeat(90_000));
		// Each call greps the memory 2,000 times, far longer than the 1 s a call may run.
		String slowGreps = String.join("; ", Collections.nCopies(2_000, "grep -c '[ab]*c' /mnt/memory/notes/a.md"));

		send(session, script(Collections.nCopies(5, bash(slowGreps)), "never said"));
		List<JsonNode> events = untilIdle(session, 1, Duration.ofSeconds(30));

		List<JsonNode> results = ofType(events, "agent.tool_result");
		assertThat(results).hasSize(3);
		assertThat(results.get(0).path("is_error").asBoolean()).isTrue();
		assertThat(text(results.get(0))).contains("ran longer than its limit of 1 s",
				"memstore.runtime.tool-call-timeout");
		assertLimitReached(events, "memstore.runtime.turn-tool-time");
	}

	private static void assertLimitReached(List<JsonNode> events, String setting) {
		List<JsonNode> errors = ofType(events, "session.error");
		assertThat(errors).hasSize(1);
		JsonNode error = errors.get(0).path("error");
		assertThat(error.path("type").asText()).isEqualTo("tool_use_limit_reached_error");
		assertThat(error.path("retry_status").path("type").asText()).isEqualTo("exhausted");
		assertThat(error.path("message").asText()).contains(setting);
		assertThat(stopReason(ofType(events, "session.status_idle").get(0))).isEqualTo("retries_exhausted");
	}

	private static String text(JsonNode result) {
		return result.path("content").path(0).path("text").asText();
	}

}
