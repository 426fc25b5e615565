package dev.memstore.session;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;
import dev.memstore.session.SessionEvent.AgentCustomToolUse;
import dev.memstore.session.SessionEvent.AgentToolResult;
import dev.memstore.session.SessionEvent.AgentToolUse;
import dev.memstore.session.SessionEvent.StatusIdle;
import dev.memstore.session.SessionEvent.StatusRunning;
import dev.memstore.session.SessionEvent.UserCustomToolResult;
import dev.memstore.session.SessionEvent.UserToolConfirmation;
import dev.memstore.session.SessionEvent.UserToolResult;

/**
 * The calls a session's current turn waits on, read from the turn's events: custom tool
 * calls without a {@code user.custom_tool_result}, and tool calls that ask without a
 * {@code user.tool_confirmation}. In a session of a {@code self_hosted} environment the
 * client's worker runs the built-in tools, so every built-in tool call that memstore did
 * not refuse waits too, until its {@code user.tool_result} (one that asks, for its
 * confirmation first; a denied one is answered by the denial). A turn that ended (an idle
 * for another reason than {@code requires_action}) waits on nothing. This is the one
 * place that decides whether an answer is accepted, and whether the turn is paused.
 */
final class PendingCalls {

	private final boolean selfHosted;

	private final Map<String, SessionEvent> waiting = new LinkedHashMap<>();

	private final Set<String> answered = new HashSet<>();

	/**
	 * Self-hosted calls that ask and were allowed: they wait on for their result.
	 */
	private final Set<String> confirmed = new HashSet<>();

	private boolean paused;

	private boolean ended;

	private PendingCalls(boolean selfHosted) {
		this.selfHosted = selfHosted;
	}

	/**
	 * @param turnEvents the processed events after the turn's {@code user.message}, in
	 * emission order
	 * @param selfHosted whether the session's environment is {@code self_hosted}
	 */
	static PendingCalls of(List<SessionEvent> turnEvents, boolean selfHosted) {
		PendingCalls pending = new PendingCalls(selfHosted);
		turnEvents.forEach(pending::apply);
		return pending;
	}

	private void apply(SessionEvent event) {
		if (event instanceof AgentCustomToolUse use) {
			this.waiting.put(use.id(), use);
		}
		else if (event instanceof AgentToolUse use) {
			if (use.asks() || use.runByWorker(this.selfHosted)) {
				this.waiting.put(use.id(), use);
			}
		}
		else if (event instanceof AgentToolResult result) {
			this.waiting.remove(result.toolUseId());
		}
		else if (event instanceof UserCustomToolResult result) {
			answer(result.customToolUseId());
		}
		else if (event instanceof UserToolResult result) {
			answer(result.toolUseId());
		}
		else if (event instanceof UserToolConfirmation confirmation) {
			if (confirmation.allows() && this.selfHosted) {
				// Allowed, the call is the worker's to run now: it waits on for its
				// result.
				this.confirmed.add(confirmation.toolUseId());
			}
			else {
				answer(confirmation.toolUseId());
			}
		}
		else if (event instanceof StatusIdle idle) {
			this.paused = idle.stopReason() != null && idle.stopReason().requiresAction();
			if (!this.paused) {
				this.ended = true;
				this.waiting.clear();
			}
		}
		else if (event instanceof StatusRunning) {
			this.paused = false;
		}
	}

	private void answer(String callId) {
		this.waiting.remove(callId);
		this.answered.add(callId);
	}

	/**
	 * Records an answer the client sends now, once {@link #requireAnswerable} accepted
	 * it.
	 */
	void answered(SessionEvent answer) {
		apply(answer);
	}

	/**
	 * Whether the turn stopped to wait: its newest status is an idle with
	 * {@code requires_action}.
	 */
	boolean paused() {
		return this.paused;
	}

	/**
	 * Whether the turn ended, so that it waits on nothing.
	 */
	boolean ended() {
		return this.ended;
	}

	/**
	 * The ids of the calls still waiting, in the order they were made.
	 */
	List<String> ids() {
		return List.copyOf(this.waiting.keySet());
	}

	/**
	 * The calls still waiting, in the order they were made.
	 */
	List<SessionEvent> calls() {
		return List.copyOf(this.waiting.values());
	}

	boolean isEmpty() {
		return this.waiting.isEmpty();
	}

	/**
	 * Refuses an answer to a call that this turn does not wait on, saying why.
	 * @param callEvent the event the answer names, found anywhere in the session, or
	 * {@code null} if the session has none with that id
	 */
	void requireAnswerable(UserEvents.SentAnswer answer, SessionEvent callEvent, String field) {
		String id = answer.callId();
		boolean custom = answer instanceof UserEvents.SentCustomToolResult;
		String idField = field + (custom ? ".custom_tool_use_id" : ".tool_use_id");
		if (answer instanceof UserEvents.SentToolResult && !this.selfHosted) {
			throw ApiException.invalidRequest(field + ": user.tool_result answers a built-in tool call that the worker"
					+ " of a self_hosted environment ran; this session's environment is not self_hosted, so memstore"
					+ " runs built-in tools itself and no call waits for one. Answer agent.custom_tool_use with"
					+ " user.custom_tool_result and confirm agent.tool_use with user.tool_confirmation");
		}
		if (callEvent == null) {
			throw ApiException.invalidRequest(idField + ": this session has no event " + id);
		}
		if (custom && !(callEvent instanceof AgentCustomToolUse)) {
			throw ApiException.invalidRequest(idField + ": event " + id + " is " + article(callEvent.type())
					+ ", not an agent.custom_tool_use; "
					+ ((callEvent instanceof AgentToolUse) ? (this.selfHosted
							? "a built-in tool call is answered with user.tool_result, by the worker that runs it"
							: "a built-in tool call is confirmed with user.tool_confirmation, and memstore runs it")
							: "only a custom tool call takes a result"));
		}
		if (answer instanceof UserEvents.SentToolResult) {
			requireResultAwaited(callEvent, id, idField);
			return;
		}
		if (!custom && !(callEvent instanceof AgentToolUse)) {
			throw ApiException.invalidRequest(
					idField + ": event " + id + " is " + article(callEvent.type()) + ", not an agent.tool_use; "
							+ ((callEvent instanceof AgentCustomToolUse)
									? "answer a custom tool call with" + " user.custom_tool_result"
									: "only a tool call that asks takes a confirmation"));
		}
		if (!custom && !((AgentToolUse) callEvent).asks()) {
			throw ApiException.invalidRequest(idField + ": tool call " + id + " was evaluated '"
					+ ((AgentToolUse) callEvent).evaluatedPermission().wireName() + "' and needs no confirmation");
		}
		if (this.confirmed.contains(id)) {
			throw ApiException.invalidRequest(idField + ": call " + id
					+ " was already allowed; the worker runs it and answers with user.tool_result");
		}
		requireWaiting(id, idField);
	}

	/**
	 * Refuses a {@code user.tool_result} that does not answer a call the worker runs and
	 * the turn waits on.
	 */
	private void requireResultAwaited(SessionEvent callEvent, String id, String idField) {
		if (!(callEvent instanceof AgentToolUse use)) {
			throw ApiException.invalidRequest(
					idField + ": event " + id + " is " + article(callEvent.type()) + ", not an agent.tool_use; "
							+ ((callEvent instanceof AgentCustomToolUse)
									? "answer a custom tool call with user.custom_tool_result"
									: "only a built-in tool call takes a user.tool_result"));
		}
		if (use.evaluatedPermission() == EvaluatedPermission.DENY) {
			throw ApiException.invalidRequest(
					idField + ": tool call " + id + " was denied and has memstore's result; it is not to be run");
		}
		if (use.asks() && this.waiting.containsKey(id) && !this.confirmed.contains(id)) {
			throw ApiException.invalidRequest(idField + ": tool call " + id
					+ " waits for a user.tool_confirmation; run it only once the user allows it");
		}
		requireWaiting(id, idField);
	}

	private void requireWaiting(String id, String idField) {
		if (this.waiting.containsKey(id)) {
			return;
		}
		if (this.answered.contains(id)) {
			throw ApiException.invalidRequest(idField + ": call " + id + " was already answered");
		}
		throw ApiException.invalidRequest(idField + ": call " + id
				+ " is not pending: the turn that made it has ended, so nothing waits for this answer");
	}

	private static String article(String type) {
		return (type.startsWith("a") || type.startsWith("u")) ? "an " + type : "a " + type;
	}

}
