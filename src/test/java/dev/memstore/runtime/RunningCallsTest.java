package dev.memstore.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.memstore.sandbox.ToolBudget;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One workspace's tool calls compute at most {@code workspace-tool-calls} at a time, so
 * that they cannot take every core from the other workspaces; a call whose time ran out,
 * or that was stopped, holds no place.
 */
@Tag("fast")
class RunningCallsTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final RunningCalls calls = new RunningCalls(null,
			new RuntimeProperties(4, 0, 1, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 3, 2,
					Duration.ofSeconds(10), Duration.ofMinutes(5), 200, DataSize.ofMegabytes(10), Duration.ZERO));

	@Test
	void aWorkspacesCallsComputeOneAtATimeWhileAnotherWorkspacesDoNotWait() throws Exception {
		RunningCalls.Watch first = watch("wrkspc_a", Duration.ofSeconds(30));
		first.awaitTurnToCompute(WAIT);
		RunningCalls.Watch otherWorkspace = watch("wrkspc_b", Duration.ofSeconds(30));
		otherWorkspace.awaitTurnToCompute(WAIT);
		RunningCalls.Watch second = watch("wrkspc_a", Duration.ofSeconds(30));

		CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> second.awaitTurnToCompute(WAIT));
		Thread.sleep(300);

		assertThat(otherWorkspace.computes()).isTrue();
		assertThat(waiting).as("the second call of the workspace waits for the first").isNotDone();
		first.close();
		waiting.get(10, TimeUnit.SECONDS);
		assertThat(second.computes()).isTrue();
	}

	@Test
	void aCallWhoseTimeRanOutHoldsNoPlaceEvenIfItNeverReturns() {
		RunningCalls.Watch stuck = watch("wrkspc_a", Duration.ofMillis(100));
		stuck.awaitTurnToCompute(WAIT);
		RunningCalls.Watch next = watch("wrkspc_a", Duration.ofSeconds(30));

		next.awaitTurnToCompute(WAIT);

		assertThat(next.computes()).isTrue();
	}

	@Test
	void aCallStoppedWhileItWaitsStopsWaitingWithoutAPlace() throws Exception {
		watch("wrkspc_a", Duration.ofSeconds(30)).awaitTurnToCompute(WAIT);
		ToolBudget budget = ToolBudget.of(Duration.ofSeconds(30), null);
		RunningCalls.Watch interrupted = this.calls.watch("wrkspc_a", "sesn_x", 1, budget, () -> false);

		CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> interrupted.awaitTurnToCompute(WAIT));
		budget.cancel("the user interrupted the turn");

		waiting.get(10, TimeUnit.SECONDS);
		assertThat(interrupted.computes()).isFalse();
	}

	@Test
	void aCallThatWaitedAsLongAsItMayRunRunsAnywayWithItsWholeTime() {
		watch("wrkspc_a", Duration.ofSeconds(30)).awaitTurnToCompute(WAIT);
		ToolBudget budget = ToolBudget.of(Duration.ofMillis(300), null);
		RunningCalls.Watch late = this.calls.watch("wrkspc_a", "sesn_y", 1, budget, () -> false);

		late.awaitTurnToCompute(Duration.ofMillis(300));

		assertThat(late.computes()).isTrue();
		assertThat(budget.isExpired()).as("its time started when it could run").isFalse();
	}

	private RunningCalls.Watch watch(String workspaceId, Duration limit) {
		return this.calls.watch(workspaceId, "sesn_" + workspaceId, 1, ToolBudget.of(limit, null), () -> false);
	}

}
