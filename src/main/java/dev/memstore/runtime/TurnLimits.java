package dev.memstore.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.memstore.sandbox.ToolBudget;
import dev.memstore.sandbox.ToolResult;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEvent.AgentToolResult;

/**
 * What one turn may spend on tools: time, calls and recorded output. Whatever the agent
 * asks for, a turn ends once it has used one of them up, so that no message holds a
 * worker for long or fills the event log.
 * <p>
 * A turn resumed after its worker stopped counts the calls and output it had recorded;
 * its tool time starts again, as the log does not say how long each call ran (a turn is
 * resumed at most {@code memstore.runtime.max-crashes} times).
 */
final class TurnLimits {

	static final String CALL_TIMEOUT_SETTING = "memstore.runtime.tool-call-timeout";

	static final String TOOL_TIME_SETTING = "memstore.runtime.turn-tool-time";

	static final String TOOL_CALLS_SETTING = "memstore.runtime.turn-tool-calls";

	static final String TOOL_OUTPUT_SETTING = "memstore.runtime.turn-tool-output";

	private final RuntimeProperties properties;

	private long toolNanos;

	private int calls;

	private long outputBytes;

	TurnLimits(RuntimeProperties properties, List<SessionEvent> earlierEvents) {
		this.properties = properties;
		for (SessionEvent event : earlierEvents) {
			// A call counts once it ran (or was refused): one that waited for a
			// confirmation is counted when it runs.
			if (event instanceof AgentToolResult result) {
				this.calls++;
				this.outputBytes += bytes(result.text());
			}
		}
	}

	/**
	 * Counts a call about to run, or ends the turn if it may make no more.
	 * @throws Reached when the turn has used its calls, its tool time or its output
	 */
	void startCall() {
		if (this.calls >= this.properties.turnToolCalls()) {
			throw new Reached("the turn made " + this.calls + " tool calls, the most a turn may make ("
					+ TOOL_CALLS_SETTING + " = " + this.properties.turnToolCalls()
					+ "), and was ended; the last call did not run. Send another message to let the agent go on");
		}
		if (remainingToolTime().isZero()) {
			throw toolTimeReached();
		}
		if (this.outputBytes >= this.properties.turnToolOutput().toBytes()) {
			throw outputReached();
		}
		this.calls++;
	}

	/**
	 * The budget of the call about to run: the call's own limit, or what is left of the
	 * turn's tool time if that is less.
	 */
	ToolBudget callBudget() {
		Duration callLimit = this.properties.toolCallTimeout();
		Duration left = remainingToolTime();
		if (left.compareTo(callLimit) < 0) {
			return ToolBudget.of(left, "what was left of the turn's " + ToolBudget.describe(turnToolTime())
					+ " of tool time, " + TOOL_TIME_SETTING);
		}
		return ToolBudget.of(callLimit, CALL_TIMEOUT_SETTING);
	}

	/**
	 * Counts the time a call ran.
	 */
	void ran(Duration time) {
		this.toolNanos += time.toNanos();
	}

	/**
	 * Whether the turn's tool time is used up, as after a call it cut short.
	 */
	boolean toolTimeUsedUp() {
		return remainingToolTime().isZero();
	}

	/**
	 * A result as it may be recorded: whole, or cut short when it would take the turn's
	 * output beyond its limit (the turn then ends once it is recorded,
	 * {@link #outputUsedUp()}).
	 */
	ToolResult recordable(ToolResult result) {
		long limit = this.properties.turnToolOutput().toBytes();
		long room = limit - this.outputBytes;
		byte[] text = result.text().getBytes(StandardCharsets.UTF_8);
		if (text.length <= room) {
			return result;
		}
		String kept = new String(text, 0, (int) Math.max(0, room), StandardCharsets.UTF_8);
		// A character cut in half decodes as U+FFFD: drop it.
		if (kept.endsWith("\uFFFD")) {
			kept = kept.substring(0, kept.length() - 1);
		}
		return new ToolResult(kept + "\n[output cut: the turn reached its limit of " + limit + " bytes of tool output ("
				+ TOOL_OUTPUT_SETTING + ")]", result.isError());
	}

	/**
	 * Counts the output of a recorded result: a cut one (longer than the room, with its
	 * marker) uses the room up.
	 */
	void recorded(ToolResult result) {
		this.outputBytes = Math.min(this.properties.turnToolOutput().toBytes(),
				this.outputBytes + bytes(result.text()));
	}

	boolean outputUsedUp() {
		return this.outputBytes >= this.properties.turnToolOutput().toBytes();
	}

	Reached toolTimeReached() {
		return new Reached("the turn's tool calls ran for " + ToolBudget.describe(turnToolTime())
				+ " in all, the most tool time a turn may use (" + TOOL_TIME_SETTING
				+ "), and the turn was ended. Send another message to let the agent go on");
	}

	Reached outputReached() {
		return new Reached("the turn's tool calls produced " + this.properties.turnToolOutput().toBytes()
				+ " bytes of output, the most a turn may record (" + TOOL_OUTPUT_SETTING
				+ "), and the turn was ended. Send another message to let the agent go on");
	}

	private Duration turnToolTime() {
		return this.properties.turnToolTime();
	}

	private Duration remainingToolTime() {
		long left = turnToolTime().toNanos() - this.toolNanos;
		return (left > 0) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	private static long bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * The turn used up one of its limits: it ends with a
	 * {@code tool_use_limit_reached_error} and {@code retries_exhausted}, as the API
	 * documents for a limit on tool use.
	 */
	static final class Reached extends RuntimeException {

		Reached(String message) {
			super(message, null, false, false);
		}

	}

}
