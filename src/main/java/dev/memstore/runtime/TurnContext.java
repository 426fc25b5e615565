package dev.memstore.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.sandbox.Mount;
import dev.memstore.sandbox.ToolResult;
import dev.memstore.session.SessionEventService.CustomToolCall;

/**
 * What a model sees and can do during one turn of a session. Every call is recorded as
 * the session's events, in the order made.
 */
interface TurnContext {

	/**
	 * The text of the user message that started the turn, its text blocks joined by blank
	 * lines.
	 */
	String userText();

	/**
	 * The session's mounted memory stores, in attachment order.
	 */
	List<Mount> mounts();

	/**
	 * Runs a file tool on the sandbox, recorded as {@code agent.tool_use} followed by
	 * {@code agent.tool_result}; a tool whose policy asks waits for the user's
	 * confirmation first (the turn pauses).
	 */
	ToolResult useTool(String name, Map<String, Object> input);

	/**
	 * The names of the agent's custom tools, which the application runs.
	 */
	Set<String> customToolNames();

	/**
	 * Calls custom tools together, as one model response would, recorded as
	 * {@code agent.custom_tool_use}; the turn pauses until the application has answered
	 * every one, and goes on from here with their results.
	 */
	List<ToolResult> useCustomTools(List<CustomToolCall> calls);

	/**
	 * Answers the user, recorded as {@code agent.message}.
	 */
	void say(String text);

	/**
	 * The time of the turn, for anything the agent dates.
	 */
	Instant now();

}
