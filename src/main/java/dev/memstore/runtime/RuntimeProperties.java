package dev.memstore.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the agent loop ({@code memstore.runtime.*}).
 *
 * @param workers turns this instance runs at once, each for a different session
 * @param workspaceShare the most workers of this instance that one workspace's turns hold
 * at once, so that one workspace cannot keep every other waiting; 0 (the default) is half
 * the workers, rounded up
 * @param workspaceToolCalls the most tool calls of one workspace that compute at once on
 * this instance, so that one workspace's calls cannot take every core; 0 (the default) is
 * half the processors, rounded up
 * @param pollInterval how often idle workers look for work that another instance queued
 * or abandoned
 * @param heartbeatInterval how often a worker proves it still runs a session's turns
 * @param leaseTimeout how long without a heartbeat before any instance takes the work
 * over
 * @param maxAttempts how often a failing turn is tried before it ends with
 * {@code retries_exhausted}
 * @param maxCrashes how often a turn may crash its worker (an error the JVM raised, or
 * its worker stopped heartbeating) before it ends with {@code retries_exhausted} instead
 * of being taken up again
 * @param toolCallTimeout how long one tool call may run
 * @param turnToolTime how long the tool calls of one turn may run in all
 * @param turnToolCalls how many tool calls one turn may make
 * @param turnToolOutput how much tool output one turn may record
 * @param offlineStepDelay a pause before each step of the offline agent, to watch a turn
 * unfold in a demo; zero by default
 */
@ConfigurationProperties("memstore.runtime")
public record RuntimeProperties(@DefaultValue("4") int workers, @DefaultValue("0") int workspaceShare,
		@DefaultValue("0") int workspaceToolCalls, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("5s") Duration heartbeatInterval, @DefaultValue("30s") Duration leaseTimeout,
		@DefaultValue("3") int maxAttempts, @DefaultValue("2") int maxCrashes,
		@DefaultValue("10s") Duration toolCallTimeout, @DefaultValue("5m") Duration turnToolTime,
		@DefaultValue("200") int turnToolCalls, @DefaultValue("10MB") DataSize turnToolOutput,
		@DefaultValue("0s") Duration offlineStepDelay) {

	public RuntimeProperties {
		if (workers < 0) {
			throw new IllegalArgumentException("memstore.runtime.workers must be 0 or more, got " + workers);
		}
		if (workspaceShare < 0) {
			throw new IllegalArgumentException(
					"memstore.runtime.workspace-share must be 0 (half the workers) or more, got " + workspaceShare);
		}
		if (workspaceToolCalls < 0) {
			throw new IllegalArgumentException("memstore.runtime.workspace-tool-calls must be 0 (half the processors) "
					+ "or more, got " + workspaceToolCalls);
		}
		if (maxCrashes < 1 || turnToolCalls < 1) {
			throw new IllegalArgumentException(
					"memstore.runtime.max-crashes and memstore.runtime.turn-tool-calls must be at least 1");
		}
		if (!isPositive(toolCallTimeout) || !isPositive(turnToolTime) || turnToolOutput.toBytes() <= 0) {
			throw new IllegalArgumentException("memstore.runtime.tool-call-timeout, turn-tool-time and "
					+ "turn-tool-output must be more than zero");
		}
	}

	/**
	 * The most workers one workspace's turns hold at once, as configured or by default.
	 */
	int effectiveWorkspaceShare() {
		if (this.workspaceShare > 0) {
			return Math.min(this.workspaceShare, Math.max(this.workers, 1));
		}
		return Math.max(1, (this.workers + 1) / 2);
	}

	/**
	 * The most tool calls of one workspace that compute at once, as configured or by
	 * default.
	 */
	int effectiveWorkspaceToolCalls() {
		if (this.workspaceToolCalls > 0) {
			return this.workspaceToolCalls;
		}
		return Math.max(1, (Runtime.getRuntime().availableProcessors() + 1) / 2);
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
