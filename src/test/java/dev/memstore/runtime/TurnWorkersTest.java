package dev.memstore.runtime;

import java.time.Duration;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing a turn does takes a worker away: a turn that crashes or hangs its worker is
 * retried once and then ended, the pool keeps its size, and one workspace cannot keep
 * another's turns waiting.
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

	@Test
	void oneWorkspaceHoldsAtMostItsShareOfTheWorkersWhileAnotherRunsItsTurns() {
		String busy = newSession("Busy");
		String waiting = newSession("Waiting");
		AnthropicClient other = otherWorkspace();
		String neighbour = newSession(other, "Neighbour");

		send(busy, script(List.of(bash(HOLD)), "held"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ofType(events(busy), "span.model_request_start").size() == 1);
		send(waiting, script(List.of(bash("echo waited")), "waited"));
		send(other, neighbour, script(List.of(bash("echo neighbour")), "neighbour"));

		List<JsonNode> neighbourEvents = untilIdle(other, neighbour, 1, Duration.ofSeconds(10));
		assertThat(stopReason(ofType(neighbourEvents, "session.status_idle").get(0))).isEqualTo("end_turn");
		assertThat(this.client.beta().sessions().retrieve(busy).status()).hasToString("running");
		assertThat(ofType(events(waiting), "session.status_running")).as("the workspace's second turn waits").isEmpty();

		this.letGo.countDown();
		assertThat(stopReason(ofType(untilIdle(waiting, 1, Duration.ofSeconds(10)), "session.status_idle").get(0)))
			.isEqualTo("end_turn");
	}

}
