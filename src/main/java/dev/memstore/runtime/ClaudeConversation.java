package dev.memstore.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;

import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEvent.AgentCustomToolUse;
import dev.memstore.session.SessionEvent.AgentMessage;
import dev.memstore.session.SessionEvent.AgentToolResult;
import dev.memstore.session.SessionEvent.AgentToolUse;
import dev.memstore.session.SessionEvent.ClientResult;
import dev.memstore.session.SessionEvent.UserCustomToolResult;
import dev.memstore.session.SessionEvent.UserMessage;
import dev.memstore.session.SessionEvent.UserToolResult;

/**
 * A session's conversation as Messages API {@code messages}, rebuilt from its event log:
 * user messages, the agent's text and tool calls, and tool results. It keeps within a
 * budget by leaving out the oldest turns (the latest turn always stays), and cuts long
 * tool results short with a marker. The messages are built with the official SDK's typed
 * parameters.
 */
final class ClaudeConversation {

	/**
	 * Characters per token when estimating how much of the context a text takes; lower
	 * than the usual four, so that the estimate errs on the safe side.
	 */
	static final int CHARS_PER_TOKEN = 3;

	private static final String LEFT_OUT = "[memstore: this tool result was left out to fit the model's context]";

	private final List<Message> messages;

	private final int toolRounds;

	private final int turnsLeftOut;

	private ClaudeConversation(List<Message> messages, int toolRounds, int turnsLeftOut) {
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
			if (event instanceof UserMessage message) {
				current = new TurnMessages(maxToolResultChars);
				turns.add(current);
				current.userMessage(message);
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
		List<Message> messages = new ArrayList<>();
		for (TurnMessages turn : turns) {
			for (Message message : turn.messages) {
				appendMerged(messages, message);
			}
		}
		if (leftOut > 0) {
			messages.get(0).content.add(0,
					new Text("[memstore: the " + leftOut + " earliest turn" + ((leftOut == 1) ? "" : "s")
							+ " of this session were left out to fit the model's context. What was saved to memory is"
							+ " still in the memory stores.]"));
		}
		return new ClaudeConversation(messages, turns.isEmpty() ? 0 : turns.get(turns.size() - 1).toolRounds, leftOut);
	}

	/**
	 * The {@code messages} of a request. The last block is marked for prompt caching, so
	 * that the next round pays full price only for what is new.
	 */
	List<MessageParam> messageParams() {
		return params(true);
	}

	/**
	 * The messages as the API reads them, in JSON form, without the caching mark.
	 */
	@SuppressWarnings("unchecked")
	List<Map<String, Object>> messages() {
		return params(false).stream()
			.map((param) -> (Map<String, Object>) JsonValue.from(param).convert(Map.class))
			.toList();
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
		return !this.messages.isEmpty() && this.messages.get(this.messages.size() - 1).assistant;
	}

	private List<MessageParam> params(boolean markLastBlock) {
		List<MessageParam> params = new ArrayList<>();
		for (int m = 0; m < this.messages.size(); m++) {
			Message message = this.messages.get(m);
			List<ContentBlockParam> blocks = new ArrayList<>();
			for (int b = 0; b < message.content.size(); b++) {
				boolean last = m == this.messages.size() - 1 && b == message.content.size() - 1;
				blocks.add(message.content.get(b).param(markLastBlock && last));
			}
			params.add(message.assistant ? MessageParam.ofAssistantOfContentBlockParams(blocks)
					: MessageParam.ofUserOfContentBlockParams(blocks));
		}
		return params;
	}

	/**
	 * Consecutive messages of one role become one, as when a turn that was interrupted
	 * ended on tool results and the next begins with the user's message.
	 */
	private static void appendMerged(List<Message> messages, Message message) {
		if (!messages.isEmpty()) {
			Message last = messages.get(messages.size() - 1);
			if (last.assistant == message.assistant) {
				last.content.addAll(message.content);
				return;
			}
		}
		messages.add(message);
	}

	/**
	 * One message: whose, and its blocks.
	 */
	private record Message(boolean assistant, List<Block> content) {

		/**
		 * Its estimated size in characters, as the JSON it is sent as.
		 */
		long size() {
			long content = 2;
			for (Block block : this.content) {
				content += block.size() + 1;
			}
			return JsonSize.object(JsonSize.field("role", JsonSize.text(this.assistant ? "assistant" : "user")),
					JsonSize.field("content", content));
		}

	}

	/**
	 * A content block of a message.
	 */
	private sealed interface Block {

		/**
		 * The block as a request parameter, marked for prompt caching or not.
		 */
		ContentBlockParam param(boolean cached);

		/**
		 * Its estimated size in characters, as the JSON it is sent as.
		 */
		long size();

	}

	private record Text(String text) implements Block {

		@Override
		public ContentBlockParam param(boolean cached) {
			TextBlockParam.Builder text = TextBlockParam.builder().text(this.text);
			if (cached) {
				text.cacheControl(CacheControlEphemeral.builder().build());
			}
			return ContentBlockParam.ofText(text.build());
		}

		@Override
		public long size() {
			return JsonSize.object(JsonSize.field("type", JsonSize.text("text")),
					JsonSize.field("text", JsonSize.text(this.text)));
		}

	}

	/**
	 * A block of the user's message as the client sent it (text, image or document),
	 * handed to the API as is.
	 */
	private record UserBlock(Map<String, Object> block) implements Block {

		@Override
		public ContentBlockParam param(boolean cached) {
			Map<String, Object> block = new LinkedHashMap<>(this.block);
			if (cached) {
				block.put("cache_control", Map.of("type", "ephemeral"));
			}
			return JsonValue.from(block).convert(ContentBlockParam.class);
		}

		@Override
		public long size() {
			return JsonSize.of(this.block);
		}

	}

	private record ToolUse(String id, String name, Map<String, Object> input) implements Block {

		@Override
		public ContentBlockParam param(boolean cached) {
			ToolUseBlockParam.Builder use = ToolUseBlockParam.builder()
				.id(this.id)
				.name(this.name)
				.input(JsonValue.from(this.input).convert(ToolUseBlockParam.Input.class));
			if (cached) {
				use.cacheControl(CacheControlEphemeral.builder().build());
			}
			return ContentBlockParam.ofToolUse(use.build());
		}

		@Override
		public long size() {
			return JsonSize.object(JsonSize.field("type", JsonSize.text("tool_use")),
					JsonSize.field("id", JsonSize.text(this.id)), JsonSize.field("name", JsonSize.text(this.name)),
					JsonSize.field("input", JsonSize.of(this.input)));
		}

	}

	/**
	 * A tool result: text, or the blocks a client sent for its tool when they are more
	 * than text (images, documents, search results), handed on as sent.
	 */
	private record ToolResult(String toolUseId, String content, List<Map<String, Object>> blocks,
			boolean isError) implements Block {

		ToolResult(String toolUseId, String content, boolean isError) {
			this(toolUseId, content, null, isError);
		}

		/**
		 * How many characters its content takes.
		 */
		long length() {
			return (this.blocks != null) ? JsonSize.of(this.blocks) : this.content.length();
		}

		@Override
		public ContentBlockParam param(boolean cached) {
			ToolResultBlockParam.Builder result = ToolResultBlockParam.builder()
				.toolUseId(this.toolUseId)
				.isError(this.isError);
			if (this.blocks != null) {
				// As blocks: contentAsJson would hand them on as one string of JSON.
				result.content(JsonValue.from(this.blocks).convert(ToolResultBlockParam.Content.class));
			}
			else {
				result.content(this.content);
			}
			if (cached) {
				result.cacheControl(CacheControlEphemeral.builder().build());
			}
			return ContentBlockParam.ofToolResult(result.build());
		}

		@Override
		public long size() {
			return JsonSize.object(JsonSize.field("type", JsonSize.text("tool_result")),
					JsonSize.field("tool_use_id", JsonSize.text(this.toolUseId)),
					JsonSize.field("content",
							(this.blocks != null) ? JsonSize.of(this.blocks) : JsonSize.text(this.content)),
					JsonSize.field("is_error", Boolean.toString(this.isError).length()));
		}

	}

	/**
	 * A rough size of JSON in characters, for the context budget: what its text would
	 * take, without the spaces.
	 */
	private static final class JsonSize {

		static long text(String text) {
			return text.length() + 2;
		}

		static long field(String key, long valueSize) {
			return key.length() + 4 + valueSize;
		}

		static long object(long... fieldSizes) {
			long size = 2;
			for (long field : fieldSizes) {
				size += field;
			}
			return size;
		}

		/**
		 * The size of a free-form value: a tool's input, a block the user sent.
		 */
		static long of(Object value) {
			if (value instanceof String text) {
				return text(text);
			}
			if (value instanceof Map<?, ?> map) {
				long size = 2;
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					size += field(String.valueOf(entry.getKey()), of(entry.getValue()));
				}
				return size;
			}
			if (value instanceof List<?> list) {
				long size = 2;
				for (Object item : list) {
					size += of(item) + 1;
				}
				return size;
			}
			return String.valueOf(value).length();
		}

	}

	/**
	 * The messages of one turn: the user's message, then the model's content and the tool
	 * results it got, round by round.
	 */
	private static final class TurnMessages {

		private final int maxToolResultChars;

		private final List<Message> messages = new ArrayList<>();

		private final List<Block> assistantBlocks = new ArrayList<>();

		private final Map<String, Block> results = new LinkedHashMap<>();

		private final Set<String> unanswered = new LinkedHashSet<>();

		/**
		 * The calls of the current round, in the order made, and what to tell the model
		 * if one never got a result.
		 */
		private final Map<String, String> calls = new LinkedHashMap<>();

		private int toolRounds;

		TurnMessages(int maxToolResultChars) {
			this.maxToolResultChars = maxToolResultChars;
		}

		void userMessage(UserMessage message) {
			List<Block> blocks = new ArrayList<>();
			for (Map<String, Object> block : message.content()) {
				if (isUserBlock(block.get("type"))) {
					blocks.add(new UserBlock(block));
				}
			}
			if (blocks.isEmpty()) {
				blocks.add(new Text("(the message has no content the model can read)"));
			}
			this.messages.add(new Message(false, blocks));
		}

		private static boolean isUserBlock(Object type) {
			return "text".equals(type) || "image".equals(type) || "document".equals(type);
		}

		void agentEvent(SessionEvent event) {
			if (event instanceof AgentMessage message) {
				endRound();
				for (SessionEvent.TextBlock block : message.content()) {
					if (block.text() != null && !block.text().isBlank()) {
						this.assistantBlocks.add(new Text(block.text()));
					}
				}
			}
			else if (event instanceof AgentToolUse use) {
				call(use.id(), use.name(), use.input(),
						use.asks()
								? "the turn ended while this " + use.name()
										+ " call waited for the user's confirmation; it did not run"
								: "the turn ended before this " + use.name()
										+ " call ran; it was not run, or its result was not recorded");
			}
			else if (event instanceof AgentCustomToolUse use) {
				call(use.id(), use.name(), use.input(), "the turn ended before the application sent the result of"
						+ " this " + use.name() + " call (the user interrupted it); treat it as not done");
			}
			else if (event instanceof AgentToolResult result && result.toolUseId() != null
					&& this.unanswered.remove(result.toolUseId())) {
				this.results.put(result.toolUseId(), toolResult(result.toolUseId(), result.text(), result.isError()));
			}
			else if (event instanceof UserCustomToolResult result && this.unanswered.remove(result.customToolUseId())) {
				this.results.put(result.customToolUseId(), clientResult(result.customToolUseId(), result));
			}
			else if (event instanceof UserToolResult result && this.unanswered.remove(result.toolUseId())) {
				this.results.put(result.toolUseId(), clientResult(result.toolUseId(), result));
			}
			// Other events carry nothing the model needs back.
		}

		private void call(String id, String name, Map<String, Object> input, String ifUnanswered) {
			endRound();
			this.assistantBlocks.add(new ToolUse(id, name, (input != null) ? input : Map.of()));
			this.unanswered.add(id);
			this.calls.put(id, ifUnanswered);
		}

		/**
		 * A result the client sent (for a custom tool, or for a built-in tool that its
		 * self-hosted worker ran): its text, or its blocks as sent when some are not
		 * text, without empty text blocks, which the API refuses.
		 */
		private Block clientResult(String useId, ClientResult result) {
			List<Map<String, Object>> blocks = (result.content() != null) ? result.content() : List.of();
			if (blocks.stream().allMatch((block) -> "text".equals(block.get("type")))) {
				return toolResult(useId, result.text(), result.failed());
			}
			return new ToolResult(useId, null,
					blocks.stream().filter((block) -> !"".equals(block.get("text"))).toList(), result.failed());
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
				this.messages.add(new Message(true, new ArrayList<>(this.assistantBlocks)));
			}
			for (String id : this.unanswered) {
				this.results.put(id, toolResult(id, this.calls.get(id), true));
			}
			if (!this.results.isEmpty()) {
				// In the order of the calls, whatever order the answers came in.
				List<Block> ordered = new ArrayList<>();
				this.calls.keySet().stream().map(this.results::get).filter(Objects::nonNull).forEach(ordered::add);
				this.messages.add(new Message(false, ordered));
			}
			this.assistantBlocks.clear();
			this.results.clear();
			this.unanswered.clear();
			this.calls.clear();
		}

		private ToolResult toolResult(String useId, String text, boolean isError) {
			return new ToolResult(useId, text.isEmpty() ? "(no output)" : truncated(text), isError);
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
			long size = 2;
			for (Message message : this.messages) {
				size += message.size() + 1;
			}
			return size;
		}

		/**
		 * Leaves out tool results, oldest first, until the turn is smaller by at least
		 * {@code excess} characters or none is left to leave out.
		 */
		void shrinkToolResults(long excess) {
			long saved = 0;
			for (Message message : this.messages) {
				List<Block> content = message.content();
				for (int i = 0; i < content.size(); i++) {
					if (saved >= excess) {
						return;
					}
					if (content.get(i) instanceof ToolResult result && result.length() > LEFT_OUT.length()) {
						saved += result.length() - LEFT_OUT.length();
						content.set(i, new ToolResult(result.toolUseId(), LEFT_OUT, result.isError()));
					}
				}
			}
		}

	}

}
