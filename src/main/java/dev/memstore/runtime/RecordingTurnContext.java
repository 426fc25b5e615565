package dev.memstore.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

import dev.memstore.sandbox.Mount;
import dev.memstore.sandbox.ToolResult;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEvent.AgentMessage;
import dev.memstore.session.SessionEvent.AgentToolResult;
import dev.memstore.session.SessionEvent.AgentToolUse;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.Turn;

/**
 * A turn as the model sees it, recording each step as events. When a turn is resumed, the
 * steps it had already recorded are replayed from the log instead of being done twice.
 */
final class RecordingTurnContext implements TurnContext {

	private final Turn turn;

	private final SessionEventService events;

	private final ToolCalls toolCalls;

	private final BooleanSupplier stopping;

	private final Duration stepDelay;

	private final Set<String> enabledTools;

	private final List<SessionEvent> replay;

	private final TurnLimits limits;

	private int replayed;

	/**
	 * @param replaying whether the steps the turn recorded before it was resumed are
	 * replayed: an agent that decides again from the start needs them, one that continues
	 * from the recorded conversation does not
	 * @param stepDelay a pause before each new step
	 */
	RecordingTurnContext(Turn turn, SessionEventService events, ToolCalls toolCalls, BooleanSupplier stopping,
			boolean replaying, Duration stepDelay, RuntimeProperties properties) {
		this.turn = turn;
		this.events = events;
		this.toolCalls = toolCalls;
		this.stopping = stopping;
		this.stepDelay = stepDelay;
		this.enabledTools = turn.agent().enabledBuiltInTools();
		this.replay = replaying
				? turn.earlierEvents().stream().filter((event) -> event.type().startsWith("agent.")).toList()
				: List.of();
		this.limits = new TurnLimits(properties, turn.earlierEvents());
	}

	/**
	 * The built-in tools the agent enabled.
	 */
	Set<String> enabledTools() {
		return this.enabledTools;
	}

	@Override
	public String userText() {
		return this.turn.userText();
	}

	@Override
	public List<Mount> mounts() {
		return this.turn.mounts();
	}

	@Override
	public Instant now() {
		return this.turn.message().processedAt();
	}

	@Override
	public ToolResult useTool(String name, Map<String, Object> input) {
		checkStep();
		AgentToolUse recordedUse = nextReplayed(AgentToolUse.class);
		if (recordedUse != null && !Objects.equals(recordedUse.name(), name)) {
			// The model took another path this time: nothing more can be replayed.
			this.replayed = this.replay.size();
			recordedUse = null;
		}
		if (recordedUse != null) {
			AgentToolResult recordedResult = nextReplayed(AgentToolResult.class);
			if (recordedResult != null) {
				return recordedResult(recordedResult);
			}
			return execute(recordedUse, name, input);
		}
		return execute(null, name, input);
	}

	/**
	 * Records that the agent calls a tool, without running it yet.
	 */
	AgentToolUse recordToolUse(String name, Map<String, Object> input) {
		return this.toolCalls.recordUse(this.turn.sessionId(), name, input);
	}

	/**
	 * Runs a tool call recorded by {@link #recordToolUse} and records its result.
	 */
	ToolResult runRecordedTool(AgentToolUse use) {
		checkStep();
		return execute(use, use.name(), (use.input() != null) ? use.input() : Map.of());
	}

	/**
	 * Records the result of a tool call that was recorded before the turn was cut short
	 * and never ran: a call commits with its result, so without one it took no effect.
	 */
	void recordNotRun(AgentToolUse use) {
		this.toolCalls.recordResult(this.turn.sessionId(), use, ToolResult.error("memstore stopped before this "
				+ use.name() + " call ran; it did not take effect, so it can be made again"));
	}

	@Override
	public void say(String text) {
		checkStep();
		if (nextReplayed(AgentMessage.class) != null) {
			return;
		}
		this.events.recordMessage(this.turn.sessionId(), text);
	}

	/**
	 * Runs a call, recorded earlier or not yet, and records it with its result.
	 */
	private ToolResult execute(AgentToolUse recordedUse, String name, Map<String, Object> input) {
		return this.toolCalls.call(this.turn, recordedUse, name, input, this.enabledTools.contains(name), this.limits,
				this.stopping);
	}

	/**
	 * A recorded {@code agent.tool_result} event read back as the result it records.
	 */
	static ToolResult recordedResult(AgentToolResult result) {
		return new ToolResult(result.text(), result.isError());
	}

	/**
	 * The next recorded step if it is of the given type; replay ends at the first step
	 * that differs.
	 */
	private <E extends SessionEvent> E nextReplayed(Class<E> type) {
		if (this.replayed < this.replay.size() && type.isInstance(this.replay.get(this.replayed))) {
			return type.cast(this.replay.get(this.replayed++));
		}
		this.replayed = this.replay.size();
		return null;
	}

	/**
	 * Stops the turn here if the worker is stopping or the user interrupted.
	 */
	void checkStep() {
		if (this.stopping.getAsBoolean()) {
			throw new TurnRunner.WorkerStopped();
		}
		if (this.events.interruptedAfter(this.turn.sessionId(), this.turn.messageSeq())) {
			throw new Interrupted();
		}
		if (!this.stepDelay.isZero() && this.replayed >= this.replay.size()) {
			try {
				Thread.sleep(this.stepDelay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new TurnRunner.WorkerStopped();
			}
		}
	}

	/**
	 * The user interrupted the turn.
	 */
	static final class Interrupted extends RuntimeException {

		Interrupted() {
			super("interrupted by the user", null, false, false);
		}

	}

}
