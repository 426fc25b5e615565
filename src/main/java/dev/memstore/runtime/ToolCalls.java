package dev.memstore.runtime;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.sandbox.SandboxService;
import dev.memstore.sandbox.ToolBudget;
import dev.memstore.sandbox.ToolResult;
import dev.memstore.session.EvaluatedPermission;
import dev.memstore.session.SessionEvent.AgentToolUse;
import dev.memstore.session.SessionEvent.ToolEvaluation;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.Turn;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tool calls of a turn, each recorded as {@code agent.tool_use} and
 * {@code agent.tool_result}. A call runs outside any transaction, within its budget, and
 * holds back what it changes; then what it changed and its events commit in one
 * transaction: a slow call holds no connection or lock, the session's log and the stores
 * never disagree about whether a call took effect, and a turn cut short before the result
 * was recorded left nothing behind.
 */
@Service
class ToolCalls {

	/**
	 * How often a call runs when the memories it changed were changed by someone else
	 * while it ran.
	 */
	static final int ATTEMPTS = 3;

	/**
	 * What another writer may have done meanwhile: changed or deleted a memory the call
	 * read, or taken a path it created.
	 */
	private static final Set<ApiErrorType> RACES = EnumSet.of(ApiErrorType.MEMORY_PRECONDITION_FAILED,
			ApiErrorType.MEMORY_PATH_CONFLICT, ApiErrorType.NOT_FOUND);

	private final SessionEventService events;

	private final SandboxService sandbox;

	private final RunningCalls running;

	private final TransactionTemplate transactions;

	ToolCalls(SessionEventService events, SandboxService sandbox, RunningCalls running,
			PlatformTransactionManager transactionManager) {
		this.events = events;
		this.sandbox = sandbox;
		this.running = running;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Runs a tool call and records it with its result.
	 * @param recordedUse the call's {@code agent.tool_use} if it was recorded earlier, or
	 * {@code null} to record it now, with the result
	 * @param enabled whether the agent may use the tool; if not, the call fails
	 * @param limits what the turn may still spend
	 * @param stopping whether the worker is stopping
	 * @throws TurnLimits.Reached when the turn may not make this call, or used up its
	 * tool time or output with it
	 * @throws RecordingTurnContext.Interrupted when the user interrupted the turn during
	 * the call
	 * @throws TurnRunner.WorkerStopped when the worker stopped during the call, which is
	 * then not recorded
	 */
	ToolResult call(Turn turn, AgentToolUse recordedUse, String name, Map<String, Object> input, boolean enabled,
			TurnLimits limits, BooleanSupplier stopping) {
		try {
			limits.startCall();
		}
		catch (TurnLimits.Reached ex) {
			if (recordedUse != null) {
				recordResult(turn.sessionId(), recordedUse,
						ToolResult.error("this call did not run: " + ex.getMessage()));
			}
			throw ex;
		}
		if (!enabled) {
			return record(turn.sessionId(), recordedUse, name, input, false,
					ToolResult.error("the " + name + " tool is not enabled for this agent; give the agent the"
							+ " agent_toolset_20260401 toolset with " + name + " enabled"),
					limits);
		}
		for (int attempt = 1;; attempt++) {
			ToolBudget budget = limits.callBudget();
			SandboxService.PreparedCall prepared;
			RunningCalls.Cause cause;
			long started = System.nanoTime();
			try (RunningCalls.Watch watch = this.running.watch(turn, budget, stopping)) {
				watch.awaitTurnToCompute(budget.limit());
				prepared = this.sandbox.prepare(turn.workspaceId(), turn.mounts(), name, input, budget);
				cause = watch.cause();
			}
			finally {
				limits.ran(Duration.ofNanos(System.nanoTime() - started));
			}
			if (cause == RunningCalls.Cause.STOPPING || stopping.getAsBoolean()) {
				throw new TurnRunner.WorkerStopped();
			}
			ToolResult recordable = limits.recordable(prepared.result());
			ToolResult result = recordable;
			try {
				this.transactions.executeWithoutResult((status) -> {
					this.sandbox.commit(turn.workspaceId(), turn.sessionId(), prepared.changes());
					record(turn.sessionId(), recordedUse, name, input, true, recordable);
				});
				limits.recorded(recordable);
			}
			catch (ApiException ex) {
				if (attempt < ATTEMPTS && RACES.contains(ex.type())) {
					continue;
				}
				result = record(turn.sessionId(), recordedUse, name, input, true,
						ToolResult.error(SandboxService.notSaved(ex)), limits);
			}
			if (cause == RunningCalls.Cause.INTERRUPTED) {
				throw new RecordingTurnContext.Interrupted();
			}
			if (limits.toolTimeUsedUp()) {
				throw limits.toolTimeReached();
			}
			if (limits.outputUsedUp()) {
				throw limits.outputReached();
			}
			return result;
		}
	}

	/**
	 * Records a call that changed nothing, with its result.
	 */
	private ToolResult record(String sessionId, AgentToolUse recordedUse, String name, Map<String, Object> input,
			boolean enabled, ToolResult result, TurnLimits limits) {
		ToolResult recordable = limits.recordable(result);
		this.transactions
			.executeWithoutResult((status) -> record(sessionId, recordedUse, name, input, enabled, recordable));
		limits.recorded(recordable);
		return recordable;
	}

	/**
	 * Records a call, unless it was recorded earlier, with its result.
	 */
	private void record(String sessionId, AgentToolUse recordedUse, String name, Map<String, Object> input,
			boolean enabled, ToolResult result) {
		AgentToolUse use = (recordedUse != null) ? recordedUse : recordUse(sessionId, name, input, enabled);
		recordResult(sessionId, use, result);
	}

	/**
	 * Records that the agent calls a tool, without running it yet. A call refused because
	 * the agent lacks the tool is {@code deny} without an evaluation: no policy applied
	 * to it.
	 */
	AgentToolUse recordUse(String sessionId, String name, Map<String, Object> input, boolean enabled) {
		return enabled
				? this.events.recordToolUse(sessionId, name, input, EvaluatedPermission.ALLOW,
						ToolEvaluation.ALWAYS_ALLOW)
				: this.events.recordToolUse(sessionId, name, input, EvaluatedPermission.DENY, null);
	}

	/**
	 * Records the result of a tool call.
	 */
	void recordResult(String sessionId, AgentToolUse use, ToolResult result) {
		this.events.recordToolResult(sessionId, use, result);
	}

}
