package dev.memstore.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

import dev.memstore.sandbox.Mount;
import dev.memstore.sandbox.ToolResult;
import dev.memstore.session.EvaluatedPermission;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEvent.AgentCustomToolUse;
import dev.memstore.session.SessionEvent.AgentMessage;
import dev.memstore.session.SessionEvent.AgentToolResult;
import dev.memstore.session.SessionEvent.AgentToolUse;
import dev.memstore.session.SessionEvent.ToolEvaluation;
import dev.memstore.session.SessionEvent.UserCustomToolResult;
import dev.memstore.session.SessionEvent.UserToolConfirmation;
import dev.memstore.session.SessionEvent.UserToolResult;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.SessionEventService.CustomToolCall;
import dev.memstore.session.Turn;

/**
 * A turn as the model sees it, recording each step as events. When a turn is resumed, the
 * steps it had already recorded are replayed from the log instead of being done twice.
 * <p>
 * A call the application must answer (a custom tool call, a built-in tool call whose
 * policy asks) is recorded and the turn pauses ({@link Paused}); when the turn goes on,
 * the answers are in its earlier events: a confirmed call runs then, a denied one gets an
 * error result carrying the deny message.
 * <p>
 * In a session of a {@code self_hosted} environment the client's worker runs the built-in
 * tools ({@link Turn#runByWorker}): such a call is recorded, never run here, and the turn
 * pauses until the worker's {@code user.tool_result} for it is in the log; that result is
 * what the agent gets. Only a denied call gets memstore's result, as elsewhere.
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

	private final Map<String, UserCustomToolResult> customResults = new HashMap<>();

	private final Map<String, UserToolConfirmation> confirmations = new HashMap<>();

	private final Map<String, UserToolResult> workerResults = new HashMap<>();

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
		for (SessionEvent event : turn.earlierEvents()) {
			if (event instanceof UserCustomToolResult result) {
				this.customResults.put(result.customToolUseId(), result);
			}
			else if (event instanceof UserToolConfirmation confirmation) {
				this.confirmations.put(confirmation.toolUseId(), confirmation);
			}
			else if (event instanceof UserToolResult result) {
				this.workerResults.put(result.toolUseId(), result);
			}
		}
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
	public Set<String> customToolNames() {
		Set<String> names = new LinkedHashSet<>();
		this.turn.agent().customTools().forEach((tool) -> names.add(tool.name()));
		return names;
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
			UserToolResult workerResult = this.workerResults.get(recordedUse.id());
			if (workerResult != null) {
				return workerResult(workerResult);
			}
			AgentToolResult recordedResult = nextReplayed(AgentToolResult.class);
			if (recordedResult != null) {
				return recordedResult(recordedResult);
			}
			ToolResult result = runRecordedTool(recordedUse);
			if (result == null) {
				throw new Paused();
			}
			return result;
		}
		if (asks(name) || runsOnWorker(name)) {
			recordToolUse(name, input);
			throw new Paused();
		}
		return execute(null, name, input);
	}

	@Override
	public List<ToolResult> useCustomTools(List<CustomToolCall> calls) {
		checkStep();
		List<AgentCustomToolUse> uses = new ArrayList<>();
		for (CustomToolCall call : calls) {
			AgentCustomToolUse recorded = nextReplayed(AgentCustomToolUse.class);
			if (recorded == null || !Objects.equals(recorded.name(), call.name())) {
				this.replayed = this.replay.size();
				uses.clear();
				break;
			}
			uses.add(recorded);
		}
		if (uses.isEmpty()) {
			uses = recordCustomToolUses(calls);
		}
		List<ToolResult> results = new ArrayList<>();
		for (AgentCustomToolUse use : uses) {
			UserCustomToolResult result = this.customResults.get(use.id());
			if (result == null) {
				throw new Paused();
			}
			results.add(new ToolResult(result.text(), result.failed()));
		}
		return results;
	}

	/**
	 * Records that the agent calls a built-in tool, without running it yet: allowed, or
	 * asking for the user's confirmation as the tool's permission policy says.
	 */
	AgentToolUse recordToolUse(String name, Map<String, Object> input) {
		if (asks(name)) {
			return this.events.recordToolUse(this.turn.sessionId(), name, input, EvaluatedPermission.ASK,
					evaluation(name));
		}
		return this.toolCalls.recordUse(this.turn.sessionId(), name, input, this.enabledTools.contains(name));
	}

	/**
	 * Records a call that the model's output limit cut off, which never runs (see
	 * {@link #recordCutOff}). In a self-hosted session it is recorded as denied: the
	 * worker runs every call it sees allowed, and this one's input is incomplete.
	 */
	AgentToolUse recordCutOffToolUse(String name, Map<String, Object> input) {
		if (runsOnWorker(name)) {
			return this.toolCalls.recordUse(this.turn.sessionId(), name, input, false);
		}
		return recordToolUse(name, input);
	}

	/**
	 * Records the custom tool calls of one model response, together.
	 */
	List<AgentCustomToolUse> recordCustomToolUses(List<CustomToolCall> calls) {
		return this.events.recordCustomToolUses(this.turn.sessionId(), calls);
	}

	/**
	 * Whether a call of this built-in tool waits for the user's confirmation: its policy
	 * is {@code always_ask}, or {@code auto}, on which memstore reaches no judgement. A
	 * tool the agent does not have is refused without asking.
	 */
	private boolean asks(String name) {
		return this.enabledTools.contains(name) && evaluation(name).asks();
	}

	/**
	 * Whether a call of this built-in tool is the self-hosted worker's to run: a tool the
	 * agent has (a call of one it lacks is refused here, as elsewhere).
	 */
	private boolean runsOnWorker(String name) {
		return this.enabledTools.contains(name) && this.turn.runByWorker(name);
	}

	private ToolEvaluation evaluation(String name) {
		return ToolEvaluation.underPolicy(this.turn.agent().permissionPolicy(name));
	}

	/**
	 * Settles the calls of the turn's last model response that had no result when it was
	 * cut short or paused: a confirmed call runs, a denied one gets the deny message as
	 * its error result, one that never ran gets a result saying so. A call the
	 * self-hosted worker runs is never settled here: it stays pending until the worker's
	 * result arrives, however often the turn is taken up again.
	 * @throws Paused if a call still waits for its answer
	 */
	void settleOpenCalls() {
		Map<String, SessionEvent> open = new LinkedHashMap<>();
		for (SessionEvent event : this.turn.earlierEvents()) {
			if (event instanceof AgentToolUse || event instanceof AgentCustomToolUse) {
				open.put(event.id(), event);
			}
			else if (event instanceof AgentToolResult result) {
				open.remove(result.toolUseId());
			}
			else if (event instanceof UserCustomToolResult result) {
				open.remove(result.customToolUseId());
			}
			else if (event instanceof UserToolResult result) {
				open.remove(result.toolUseId());
			}
		}
		boolean waiting = false;
		for (SessionEvent call : open.values()) {
			if (call instanceof AgentCustomToolUse) {
				waiting = true;
			}
			else if (call instanceof AgentToolUse use && (use.asks() || this.turn.runByWorker(use))) {
				waiting |= runRecordedTool(use) == null;
			}
			else if (call instanceof AgentToolUse use) {
				recordNotRun(use);
			}
		}
		if (waiting) {
			throw new Paused();
		}
	}

	/**
	 * Runs a tool call recorded by {@link #recordToolUse} and records its result; a call
	 * that asks runs only once allowed, and a denied one gets the deny message as its
	 * error result. A call the self-hosted worker runs is not run here: its result is the
	 * worker's {@code user.tool_result}, once it has arrived.
	 * @return the result, or {@code null} when the call still waits for its confirmation
	 * or for the worker's result
	 */
	ToolResult runRecordedTool(AgentToolUse use) {
		checkStep();
		if (use.asks()) {
			UserToolConfirmation confirmation = this.confirmations.get(use.id());
			if (confirmation == null) {
				return null;
			}
			if (!confirmation.allows()) {
				ToolResult denied = ToolResult.error("the user denied this " + use.name() + " call"
						+ ((confirmation.denyMessage() != null) ? ": " + confirmation.denyMessage() : ""));
				this.toolCalls.recordResult(this.turn.sessionId(), use, denied);
				return denied;
			}
		}
		if (this.turn.runByWorker(use)) {
			UserToolResult workerResult = this.workerResults.get(use.id());
			return (workerResult != null) ? workerResult(workerResult) : null;
		}
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

	/**
	 * Records the result of a call that the model's output limit cut off: it does not
	 * run, and the model is told why.
	 */
	void recordCutOff(AgentToolUse use, long maxOutputTokens) {
		this.toolCalls.recordResult(this.turn.sessionId(), use,
				ToolResult.error("this " + use.name() + " call was cut off by the output limit (" + maxOutputTokens
						+ " tokens) before it was complete, so it did not run; make it smaller, for example write"
						+ " a long file in parts"));
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
	 * A self-hosted worker's {@code user.tool_result} read back as the result the agent
	 * gets: its text blocks; other blocks reach Claude through the conversation.
	 */
	static ToolResult workerResult(UserToolResult result) {
		return new ToolResult(result.text(), result.failed());
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
	 * The turn waits for the application to answer one of its calls; the session goes
	 * idle with {@code requires_action} until it does.
	 */
	static final class Paused extends RuntimeException {

		Paused() {
			super("waiting for the application", null, false, false);
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
