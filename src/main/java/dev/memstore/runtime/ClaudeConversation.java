package dev.memstore.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.sandbox.ToolResult;
import dev.memstore.session.SessionEvent;

/**
 * A session's conversation as Messages API {@code messages}, rebuilt from its event log:
 * user messages, the agent's text and tool calls, and tool results. It keeps within a
 * budget by leaving out the oldest turns (the latest turn always stays), and cuts long
 * tool results short with a marker.
 */
final class ClaudeConversation {

	/**
	 * Characters per token when estimating how much of the context a text takes; lower
	 * than the usual four, so that the estimate errs on the safe side.
	 */
	static final int CHARS_PER_TOKEN = 3;

	private final List<Map<String, Object>> messages;

	private final int toolRounds;

	private final int turnsLeftOut;

	private ClaudeConversation(List<Map<String, Object>> messages, int toolRounds, int turnsLeftOut) {
		this.messages = messages;
		this.toolRounds = toolRounds;
		this.turnsLeftOut = turnsLeftOut;
	}

	/**
	 * Rebuilds the conversation.
	 * @param events the session's user messages and agent events, oldest first
	 * @param budgetChars how many characters the messages may take
	 * @param maxToolResultChars the longest tool result the model sees whole
	 */
	static ClaudeConversation of(List<SessionEvent> events, long budgetChars, int maxToolResultChars) {
		List<TurnMessages> turns = new ArrayList<>();
		TurnMessages current = null;
		for (SessionEvent event : events) {
			if (event.type().equals("user.message")) {
				current = new TurnMessages(maxToolResultChars);
				turns.add(current);
				current.userMessage(event.fields().get("content"));
			}
			else if (current != null) {
				current.agentEvent(event);
			}
		}
		turns.forEach(TurnMessages::flush);
		int leftOut = 0;
		long size = turns.stream().mapToLong(TurnMessages::size).sum();
		while (turns.size() > 1 && size > budgetChars) {
			size -= turns.remove(0).size();
			leftOut++;
		}
		if (!turns.isEmpty() && size > budgetChars) {
			turns.get(turns.size() - 1).shrinkToolResults(size - budgetChars);
		}
		List<Map<String, Object>> messages = new ArrayList<>();
		for (TurnMessages turn : turns) {
			for (Map<String, Object> message : turn.messages) {
				appendMerged(messages, message);
			}
		}
		if (leftOut > 0) {
			content(messages.get(0)).add(0,
					text("[memstore: the " + leftOut + " earliest turn" + ((leftOut == 1) ? "" : "s")
							+ " of this session were left out to fit the model's context. What was saved to memory is"
							+ " still in the memory stores.]"));
		}
		return new ClaudeConversation(messages, turns.isEmpty() ? 0 : turns.get(turns.size() - 1).toolRounds, leftOut);
	}

	/**
	 * The {@code messages} of a request, as JSON-shaped maps.
	 */
	List<Map<String, Object>> messages() {
		return this.messages;
	}

	/**
	 * How often the model called tools in the latest turn.
	 */
	int toolRounds() {
		return this.toolRounds;
	}

	int turnsLeftOut() {
		return this.turnsLeftOut;
	}

	/**
	 * Whether the latest turn already has the model's final answer, as when a turn is
	 * resumed after the answer was recorded.
	 */
	boolean answered() {
		return !this.messages.isEmpty() && "assistant".equals(this.messages.get(this.messages.size() - 1).get("role"));
	}

	/**
	 * Consecutive messages of one role become one, as when a turn that was interrupted
	 * ended on tool results and the next begins with the user's message.
	 */
	private static void appendMerged(List<Map<String, Object>> messages, Map<String, Object> message) {
		if (!messages.isEmpty()) {
			Map<String, Object> last = messages.get(messages.size() - 1);
			if (last.get("role").equals(message.get("role"))) {
				content(last).addAll(content(message));
				return;
			}
		}
		messages.add(message);
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> content(Map<String, Object> message) {
		return (List<Map<String, Object>>) message.get("content");
	}

	static Map<String, Object> text(String text) {
		Map<String, Object> block = new LinkedHashMap<>();
		block.put("type", "text");
		block.put("text", text);
		return block;
	}

	private static Map<String, Object> message(String role, List<Map<String, Object>> content) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", role);
		message.put("content", content);
		return message;
	}

	/**
	 * A rough size of a JSON value in characters, for the context budget.
	 */
	private static long sizeOf(Object value) {
		if (value instanceof String text) {
			return text.length() + 2;
		}
		if (value instanceof Map<?, ?> map) {
			long size = 2;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				size += String.valueOf(entry.getKey()).length() + 4 + sizeOf(entry.getValue());
			}
			return size;
		}
		if (value instanceof List<?> list) {
			long size = 2;
			for (Object item : list) {
				size += sizeOf(item) + 1;
			}
			return size;
		}
		return String.valueOf(value).length();
	}

	/**
	 * The messages of one turn: the user's message, then the model's content and the tool
	 * results it got, round by round.
	 */
	private static final class TurnMessages {

		private final int maxToolResultChars;

		private final List<Map<String, Object>> messages = new ArrayList<>();

		private final List<Map<String, Object>> assistantBlocks = new ArrayList<>();

		private final List<Map<String, Object>> results = new ArrayList<>();

		private final Set<String> unanswered = new LinkedHashSet<>();

		private final Map<String, String> toolNames = new LinkedHashMap<>();

		private int toolRounds;

		TurnMessages(int maxToolResultChars) {
			this.maxToolResultChars = maxToolResultChars;
		}

		void userMessage(Object content) {
			List<Map<String, Object>> blocks = new ArrayList<>();
			if (content instanceof List<?> list) {
				for (Object item : list) {
					if (item instanceof Map<?, ?> block && isUserBlock(block.get("type"))) {
						@SuppressWarnings("unchecked")
						Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) block);
						blocks.add(copy);
					}
				}
			}
			if (blocks.isEmpty()) {
				blocks.add(text("(the message has no content the model can read)"));
			}
			this.messages.add(message("user", blocks));
		}

		private static boolean isUserBlock(Object type) {
			return "text".equals(type) || "image".equals(type) || "document".equals(type);
		}

		void agentEvent(SessionEvent event) {
			switch (event.type()) {
				case "agent.message" -> {
					endRound();
					if (event.fields().get("content") instanceof List<?> blocks) {
						for (Object block : blocks) {
							if (block instanceof Map<?, ?> map && "text".equals(map.get("type"))
									&& map.get("text") instanceof String text && !text.isBlank()) {
								this.assistantBlocks.add(text(text));
							}
						}
					}
				}
				case "agent.tool_use" -> {
					endRound();
					Map<String, Object> use = new LinkedHashMap<>();
					use.put("type", "tool_use");
					use.put("id", event.id());
					use.put("name", event.fields().get("name"));
					use.put("input", (event.fields().get("input") instanceof Map<?, ?> input) ? input : Map.of());
					this.assistantBlocks.add(use);
					this.unanswered.add(event.id());
					this.toolNames.put(event.id(), String.valueOf(event.fields().get("name")));
				}
				case "agent.tool_result" -> {
					Object useId = event.fields().get("tool_use_id");
					if (useId instanceof String id && this.unanswered.remove(id)) {
						ToolResult result = RecordingTurnContext.recordedResult(event);
						this.results.add(toolResult(id, result.text(), result.isError()));
					}
				}
				default -> {
					// Other agent events (thinking) carry nothing the model needs back.
				}
			}
		}

		/**
		 * Starts a new round if the current one already has its tool results.
		 */
		private void endRound() {
			if (!this.results.isEmpty()) {
				flush();
			}
		}

		/**
		 * Closes the current round: the model's content, then one result for each of its
		 * tool calls; a call whose result was never recorded gets one that says so.
		 */
		void flush() {
			if (!this.assistantBlocks.isEmpty()) {
				if (!this.unanswered.isEmpty() || !this.results.isEmpty()) {
					this.toolRounds++;
				}
				this.messages.add(message("assistant", new ArrayList<>(this.assistantBlocks)));
			}
			for (String id : this.unanswered) {
				this.results.add(toolResult(id, "the turn ended before this " + this.toolNames.get(id)
						+ " call ran; it was not run, or its result was not recorded", true));
			}
			if (!this.results.isEmpty()) {
				this.messages.add(message("user", new ArrayList<>(this.results)));
			}
			this.assistantBlocks.clear();
			this.results.clear();
			this.unanswered.clear();
		}

		private Map<String, Object> toolResult(String useId, String text, boolean isError) {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("type", "tool_result");
			result.put("tool_use_id", useId);
			result.put("content", text.isEmpty() ? "(no output)" : truncated(text));
			result.put("is_error", isError);
			return result;
		}

		private String truncated(String text) {
			if (text.length() <= this.maxToolResultChars) {
				return text;
			}
			return text.substring(0, this.maxToolResultChars) + "\n[memstore: output truncated; "
					+ this.maxToolResultChars + " of " + text.length()
					+ " characters shown. Read a narrower range or search with grep.]";
		}

		long size() {
			return sizeOf(this.messages);
		}

		/**
		 * Leaves out tool results, oldest first, until the turn is smaller by at least
		 * {@code excess} characters or none is left to leave out.
		 */
		void shrinkToolResults(long excess) {
			long saved = 0;
			for (Map<String, Object> message : this.messages) {
				for (Map<String, Object> block : content(message)) {
					if (saved >= excess) {
						return;
					}
					if ("tool_result".equals(block.get("type")) && block.get("content") instanceof String text
							&& text.length() > LEFT_OUT.length()) {
						saved += text.length() - LEFT_OUT.length();
						block.put("content", LEFT_OUT);
					}
				}
			}
		}

		private static final String LEFT_OUT = "[memstore: this tool result was left out to fit the model's context]";

	}

}
