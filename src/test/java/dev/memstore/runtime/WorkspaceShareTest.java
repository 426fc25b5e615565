package dev.memstore.runtime;

import java.time.Duration;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One workspace cannot keep another's turns waiting: it holds at most its share of the
 * workers. The held call here lasts until the test lets it go, however slowly the other
 * workspace's turn runs on a loaded machine, so its calls may run far longer than the 1 s
 * of the other limited-worker tests.
 */
@TestPropertySource(properties = { "memstore.runtime.tool-call-timeout=60s", "memstore.runtime.turn-tool-time=120s" })
class WorkspaceShareTest extends LimitedWorkersTestSupport {

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
