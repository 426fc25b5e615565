package dev.memstore.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memstore.sandbox.SandboxService;
import dev.memstore.sandbox.ToolResult;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.Turn;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tool calls of a turn, each recorded as {@code agent.tool_use} and
 * {@code agent.tool_result}. A call and what it changes in the memory stores commit in
 * one transaction: the session's log and the stores never disagree about whether a call
 * took effect, and a turn cut short before the result was recorded left nothing behind.
 */
@Service
class ToolCalls {

	private final SessionEventService events;

	private final SandboxService sandbox;

	private final TransactionTemplate transactions;

	ToolCalls(SessionEventService events, SandboxService sandbox, PlatformTransactionManager transactionManager) {
		this.events = events;
		this.sandbox = sandbox;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Runs a tool call and records it with its result.
	 * @param recordedUse the call's {@code agent.tool_use} if it was recorded earlier, or
	 * {@code null} to record it now, with the result
	 * @param enabled whether the agent may use the tool; if not, the call fails
	 */
	ToolResult call(Turn turn, SessionEvent recordedUse, String name, Map<String, Object> input, boolean enabled) {
		try {
			return this.transactions.execute((status) -> {
				// The tool runs before the call is recorded, so the session is locked
				// (to number its events) only once the tool is done.
				ToolResult result = enabled
						? this.sandbox.execute(turn.workspaceId(), turn.sessionId(), turn.mounts(), name, input)
						: ToolResult.error("the " + name + " tool is not enabled for this agent; give the agent the"
								+ " agent_toolset_20260401 toolset with " + name + " enabled");
				if (status.isRollbackOnly()) {
					// The tool failed part way and its writes are to be undone: so is
					// this transaction, and the failed call is recorded on its own.
					throw new UndoneCall(result);
				}
				record(turn.sessionId(), recordedUse, name, input, result);
				return result;
			});
		}
		catch (UndoneCall undone) {
			return this.transactions.execute((status) -> {
				record(turn.sessionId(), recordedUse, name, input, undone.result);
				return undone.result;
			});
		}
	}

	private void record(String sessionId, SessionEvent recordedUse, String name, Map<String, Object> input,
			ToolResult result) {
		SessionEvent use = (recordedUse != null) ? recordedUse : recordUse(sessionId, name, input);
		recordResult(sessionId, use, result);
	}

	/**
	 * Records that the agent calls a tool, without running it yet.
	 */
	SessionEvent recordUse(String sessionId, String name, Map<String, Object> input) {
		Map<String, Object> use = new LinkedHashMap<>();
		use.put("name", name);
		use.put("input", input);
		use.put("evaluated_permission", "allow");
		return this.events.append(sessionId, "agent.tool_use", use);
	}

	/**
	 * Records the result of a tool call.
	 */
	void recordResult(String sessionId, SessionEvent use, ToolResult result) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("tool_use_id", use.id());
		fields.put("content", List.of(Map.of("type", "text", "text", result.text())));
		fields.put("is_error", result.isError());
		this.events.append(sessionId, "agent.tool_result", fields);
	}

	/**
	 * A tool call whose writes are rolled back, with the failure it reported.
	 */
	private static final class UndoneCall extends RuntimeException {

		private final transient ToolResult result;

		UndoneCall(ToolResult result) {
			super("the tool call failed and was undone", null, false, false);
			this.result = result;
		}

	}

}
