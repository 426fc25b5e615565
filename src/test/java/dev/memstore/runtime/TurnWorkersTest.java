package dev.memstore.runtime;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a turn does takes a worker away: a turn that crashes or hangs its worker is
 * retried once and then ended, and the pool keeps its size. That one workspace cannot
 * keep another's turns waiting is {@link WorkspaceShareTest}.
 */
class TurnWorkersTest extends LimitedWorkersTestSupport {

	@Test
	void aTurnThatCrashesItsWorkerIsRetriedOnceThenEndedAndTheWorkersGoOn() {
		String session = newSession("Notes");
		int replacedBefore = turnWorkers().path("replaced").asInt();

		send(session, script(List.of(bash(CRASH)), "never said"));
		List<JsonNode> events = untilIdle(session, 1, Duration.ofSeconds(30));

		List<JsonNode> errors = ofType(events, "session.error");
		assertThat(errors).hasSize(2);
		assertThat(errors.get(0).path("error").path("retry_status").path("type").asText()).isEqualTo("retrying");
		assertThat(errors.get(0).path("error").path("message").asText()).contains("StackOverflowError");
		assertThat(errors.get(1).path("error").path("type").asText()).isEqualTo("unknown_error");
		assertThat(errors.get(1).path("error").path("retry_status").path("type").asText()).isEqualTo("exhausted");
		assertThat(errors.get(1).path("error").path("message").asText()).contains("2 times",
				"memstore.runtime.max-crashes");
		assertThat(stopReason(ofType(events, "session.status_idle").get(0))).isEqualTo("retries_exhausted");
		assertThat(turnWorkers().path("alive").asInt()).isEqualTo(2);
		assertThat(turnWorkers().path("replaced").asInt()).as("no worker died").isEqualTo(replacedBefore);

		send(session, script(List.of(bash("echo fine")), "done"));
		List<JsonNode> next = untilIdle(session, 2, Duration.ofSeconds(30));
		assertThat(stopReason(ofType(next, "session.status_idle").get(1))).isEqualTo("end_turn");
	}

	@Test
	void aWorkerStuckInAStepIsReplacedAndItsTurnEndedAfterItStallsTwice() {
		String session = newSession("Notes");
		int replacedBefore = turnWorkers().path("replaced").asInt();

		send(session, script(List.of(bash(HANG)), "never said"));
		List<JsonNode> events = untilIdle(session, 1, Duration.ofSeconds(60));

		List<JsonNode> errors = ofType(events, "session.error");
		assertThat(errors).isNotEmpty();
		JsonNode last = errors.get(errors.size() - 1).path("error");
		assertThat(last.path("retry_status").path("type").asText()).isEqualTo("exhausted");
		assertThat(last.path("message").asText()).contains("stalled", "memstore.runtime.max-crashes");
		assertThat(stopReason(ofType(events, "session.status_idle").get(0))).isEqualTo("retries_exhausted");
		assertThat(turnWorkers().path("alive").asInt()).isEqualTo(2);
		assertThat(turnWorkers().path("replaced").asInt()).isGreaterThanOrEqualTo(replacedBefore + 2);

		this.letGo.countDown();
		send(session, script(List.of(bash("echo fine")), "done"));
		List<JsonNode> next = untilIdle(session, 2, Duration.ofSeconds(30));
		assertThat(stopReason(ofType(next, "session.status_idle").get(1))).isEqualTo("end_turn");
		assertThat(ofType(next, "agent.message")).hasSize(1);
	}

}
