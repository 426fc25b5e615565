package dev.memstore.session;

import java.util.List;
import java.util.Set;

import dev.memstore.agent.SessionAgent;
import dev.memstore.sandbox.Mount;
import dev.memstore.session.SessionEvent.UserMessage;

/**
 * A turn of a session for the agent loop to run: the user message that started it, what
 * the agent needs to answer it, and what it already did if the turn is resumed.
 *
 * @param agent the session's agent, as its {@code agent} field shows it: its model,
 * system prompt and tools
 * @param message the {@code user.message} being answered
 * @param messageSeq the message's place in the session's log: what the user does after it
 * (an interrupt) concerns this turn
 * @param earlierEvents events this turn recorded before it was interrupted by a failure,
 * oldest first; empty for a new turn
 * @param selfHosted whether the session's environment is {@code self_hosted}: its
 * built-in tool calls are run by the client's worker, which answers each with a
 * {@code user.tool_result}
 */
public record Turn(String sessionId, String workspaceId, SessionAgent agent, List<Mount> mounts, UserMessage message,
		long messageSeq, List<SessionEvent> earlierEvents, boolean selfHosted) {

	/**
	 * The built-in tools that the worker of a {@code self_hosted} environment runs: those
	 * of {@code agent_toolset_20260401} that the SDKs' worker implements. Others
	 * ({@code web_fetch}, {@code web_search}) fail in such a session as in any other.
	 */
	public static final Set<String> WORKER_TOOLS = Set.of("bash", "read", "write", "edit", "glob", "grep");

	/**
	 * Whether a call of this built-in tool, about to be made, is run by the session's
	 * self-hosted worker rather than by memstore.
	 */
	public boolean runByWorker(String tool) {
		return this.selfHosted && WORKER_TOOLS.contains(tool);
	}

	/**
	 * Whether this recorded call is run by the session's self-hosted worker (see
	 * {@link SessionEvent.AgentToolUse#runByWorker}).
	 */
	public boolean runByWorker(SessionEvent.AgentToolUse use) {
		return use.runByWorker(this.selfHosted);
	}

	/**
	 * The message's text blocks, joined by blank lines.
	 */
	public String userText() {
		return this.message.text();
	}

}
