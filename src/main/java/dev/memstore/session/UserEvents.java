package dev.memstore.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.TextRules;
import dev.memstore.session.SessionEvent.UserInterrupt;
import dev.memstore.session.SessionEvent.UserMessage;
import dev.memstore.session.SessionEvent.UserToolConfirmation;

/**
 * Reads the events a client sends: user messages, interrupts, the results of custom tool
 * calls, the confirmations of tool calls that ask, and the results of built-in tool calls
 * that a self-hosted worker ran. Other event types are refused by name, so that a client
 * learns what this server does not do. Whether a result or a confirmation answers a call
 * the session waits on is checked against its log, by {@link PendingCalls}.
 */
final class UserEvents {

	static final String MESSAGE = "user.message";

	static final String INTERRUPT = "user.interrupt";

	static final String CUSTOM_TOOL_RESULT = "user.custom_tool_result";

	static final String TOOL_CONFIRMATION = "user.tool_confirmation";

	static final String TOOL_RESULT = "user.tool_result";

	/**
	 * The most characters the strings of one {@code user.tool_result}'s content may hold
	 * together: about twice the largest output of the worker's {@code read} tool (110,000
	 * bytes), so that no honest result is refused, while a result stays a small part of
	 * what the model reads. A larger one is refused with 413, and the worker then sends
	 * an error result instead.
	 */
	static final int MAX_TOOL_RESULT_CHARS = 200_000;

	/**
	 * The longest {@code deny_message}, in characters: what the model reads as the
	 * reason.
	 */
	static final int MAX_DENY_MESSAGE = 10_000;

	static final int MAX_INITIAL_EVENTS = 50;

	private static final Set<String> NOT_SUPPORTED = Set.of("user.define_outcome", "system.message");

	private static final Set<String> CONTENT_TYPES = Set.of("text", "image", "document");

	private static final Set<String> RESULT_CONTENT_TYPES = Set.of("text", "image", "document", "search_result");

	private static final String SENDABLE = "user.message, user.interrupt, user.custom_tool_result,"
			+ " user.tool_confirmation or user.tool_result";

	private UserEvents() {
	}

	/**
	 * A validated event to record, once it has an id and a time.
	 */
	sealed interface Sent {

		SessionEvent event(String id, Instant now);

	}

	/**
	 * A message, queued until its turn starts.
	 */
	record SentMessage(List<Map<String, Object>> content) implements Sent {

		@Override
		public UserMessage event(String id, Instant now) {
			return new UserMessage(id, this.content, null);
		}

	}

	/**
	 * The answer to a call the turn waits on, processed at once.
	 */
	sealed interface SentAnswer extends Sent {

		/**
		 * The id of the call it answers.
		 */
		String callId();

	}

	/**
	 * The result of a custom tool call.
	 */
	record SentCustomToolResult(String callId, List<Map<String, Object>> content,
			Boolean isError) implements SentAnswer {

		@Override
		public SessionEvent.UserCustomToolResult event(String id, Instant now) {
			return new SessionEvent.UserCustomToolResult(id, this.callId, this.content, this.isError, now);
		}

	}

	/**
	 * The user's decision on a call that asks.
	 */
	record SentToolConfirmation(String callId, String result, String denyMessage) implements SentAnswer {

		@Override
		public SessionEvent.UserToolConfirmation event(String id, Instant now) {
			return new SessionEvent.UserToolConfirmation(id, this.callId, this.result, this.denyMessage, now);
		}

	}

	/**
	 * The result of a built-in tool call that a self-hosted worker ran.
	 */
	record SentToolResult(String callId, List<Map<String, Object>> content, Boolean isError) implements SentAnswer {

		@Override
		public SessionEvent.UserToolResult event(String id, Instant now) {
			return new SessionEvent.UserToolResult(id, this.callId, this.content, this.isError, now);
		}

	}

	/**
	 * An interrupt, processed at once.
	 */
	record SentInterrupt(String sessionThreadId) implements Sent {

		@Override
		public UserInterrupt event(String id, Instant now) {
			return new UserInterrupt(id, this.sessionThreadId, now);
		}

	}

	static List<Sent> parse(List<Map<String, Object>> events, String field, boolean messagesOnly) {
		if (events == null || events.isEmpty()) {
			throw ApiException.invalidRequest(field + " must hold at least one event");
		}
		List<Sent> sent = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			sent.add(parseOne(events.get(i), field + "[" + i + "]", messagesOnly));
		}
		return sent;
	}

	private static Sent parseOne(Map<String, Object> event, String field, boolean messagesOnly) {
		if (event == null) {
			throw ApiException.invalidRequest(field + " must be an object");
		}
		Object type = event.get("type");
		if (!(type instanceof String name)) {
			throw ApiException.invalidRequest(field + ".type is required");
		}
		if (MESSAGE.equals(name)) {
			return new SentMessage(content(event.get("content"), field + ".content"));
		}
		if (INTERRUPT.equals(name) && !messagesOnly) {
			Object thread = event.get("session_thread_id");
			if (thread != null && !(thread instanceof String)) {
				throw ApiException.invalidRequest(field + ".session_thread_id must be a string");
			}
			return new SentInterrupt((String) thread);
		}
		if (CUSTOM_TOOL_RESULT.equals(name) && !messagesOnly) {
			return customToolResult(event, field);
		}
		if (TOOL_CONFIRMATION.equals(name) && !messagesOnly) {
			return toolConfirmation(event, field);
		}
		if (TOOL_RESULT.equals(name) && !messagesOnly) {
			return toolResult(event, field);
		}
		if (NOT_SUPPORTED.contains(name)) {
			throw ApiException.invalidRequest(field + ": memstore does not support " + name + " events; send "
					+ (messagesOnly ? "user.message" : SENDABLE));
		}
		throw ApiException.invalidRequest(
				field + ".type must be " + (messagesOnly ? "user.message" : SENDABLE) + ", got '" + name + "'");
	}

	private static SentCustomToolResult customToolResult(Map<String, Object> event, String field) {
		Answer answer = answer(event, field, "custom_tool_use_id");
		return new SentCustomToolResult(answer.callId(), answer.content(), answer.isError());
	}

	private static SentToolResult toolResult(Map<String, Object> event, String field) {
		Answer answer = answer(event, field, "tool_use_id");
		long chars = (answer.content() != null) ? characters(answer.content()) : 0;
		if (chars > MAX_TOOL_RESULT_CHARS) {
			throw new ApiException(ApiErrorType.REQUEST_TOO_LARGE,
					field + ".content holds " + chars + " characters; a tool result holds at most "
							+ MAX_TOOL_RESULT_CHARS + ": send the result shortened, or say that it was too large");
		}
		return new SentToolResult(answer.callId(), answer.content(), answer.isError());
	}

	/**
	 * The fields every result of a call has: the call's id (under {@code idField}), its
	 * content blocks and whether it failed.
	 */
	private static Answer answer(Map<String, Object> event, String field, String idField) {
		rejectOtherFields(event, field, Set.of("type", idField, "content", "is_error"));
		String callId = requiredId(event, idField, field);
		Object isError = event.get("is_error");
		if (isError != null && !(isError instanceof Boolean)) {
			throw ApiException.invalidRequest(field + ".is_error must be a boolean");
		}
		List<Map<String, Object>> content = (event.get("content") != null)
				? blocks(event.get("content"), field + ".content", RESULT_CONTENT_TYPES, true) : null;
		return new Answer(callId, content, (Boolean) isError);
	}

	private record Answer(String callId, List<Map<String, Object>> content, Boolean isError) {
	}

	/**
	 * The characters of every string in a JSON value, keys left out: what a result adds
	 * to the log and to the model's context, whatever its blocks.
	 */
	private static long characters(Object value) {
		if (value instanceof String text) {
			return text.length();
		}
		long chars = 0;
		if (value instanceof Map<?, ?> map) {
			for (Object item : map.values()) {
				chars += characters(item);
			}
		}
		else if (value instanceof List<?> list) {
			for (Object item : list) {
				chars += characters(item);
			}
		}
		return chars;
	}

	private static SentToolConfirmation toolConfirmation(Map<String, Object> event, String field) {
		rejectOtherFields(event, field, Set.of("type", "tool_use_id", "result", "deny_message"));
		String callId = requiredId(event, "tool_use_id", field);
		Object result = event.get("result");
		if (!UserToolConfirmation.ALLOW.equals(result) && !UserToolConfirmation.DENY.equals(result)) {
			throw ApiException.invalidRequest(field + ".result must be allow or deny, got "
					+ ((result instanceof String text) ? "'" + text + "'" : String.valueOf(result)));
		}
		Object denyMessage = event.get("deny_message");
		if (denyMessage != null) {
			if (!UserToolConfirmation.DENY.equals(result)) {
				throw ApiException.invalidRequest(field + ".deny_message is only allowed when result is deny");
			}
			if (!(denyMessage instanceof String text)) {
				throw ApiException.invalidRequest(field + ".deny_message must be a string");
			}
			TextRules.requireValidText(field + ".deny_message", text);
			if (text.length() > MAX_DENY_MESSAGE) {
				throw ApiException
					.invalidRequest(field + ".deny_message must be at most " + MAX_DENY_MESSAGE + " characters");
			}
		}
		return new SentToolConfirmation(callId, (String) result, (String) denyMessage);
	}

	private static String requiredId(Map<String, Object> event, String name, String field) {
		if (!(event.get(name) instanceof String id) || id.isEmpty()) {
			throw ApiException.invalidRequest(field + "." + name + " is required: the id of the call it answers");
		}
		return id;
	}

	private static void rejectOtherFields(Map<String, Object> event, String field, Set<String> allowed) {
		for (String key : event.keySet()) {
			if (!allowed.contains(key)) {
				throw ApiException.invalidRequest(field + "." + key + ": unknown field of " + event.get("type"));
			}
		}
	}

	private static List<Map<String, Object>> content(Object content, String field) {
		return blocks(content, field, CONTENT_TYPES, false);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> blocks(Object content, String field, Set<String> types,
			boolean mayBeEmpty) {
		if (!(content instanceof List<?> blocks) || (blocks.isEmpty() && !mayBeEmpty)) {
			throw ApiException
				.invalidRequest(field + " must be a" + (mayBeEmpty ? "n" : " non-empty") + " array of content blocks");
		}
		List<Map<String, Object>> checked = new ArrayList<>();
		for (int i = 0; i < blocks.size(); i++) {
			String blockField = field + "[" + i + "]";
			if (!(blocks.get(i) instanceof Map<?, ?> block)) {
				throw ApiException.invalidRequest(blockField + " must be an object");
			}
			Object type = block.get("type");
			if (!(type instanceof String blockType) || !types.contains(blockType)) {
				throw ApiException
					.invalidRequest(blockField
							+ ".type must be " + (types.contains("search_result")
									? "text, image, document or search_result" : "text, image or document")
							+ ", got '" + type + "'");
			}
			if (blockType.equals("text")) {
				if (!(block.get("text") instanceof String text)) {
					throw ApiException.invalidRequest(blockField + ".text must be a string");
				}
				TextRules.requireValidText(blockField + ".text", text);
			}
			else if (!blockType.equals("search_result") && !(block.get("source") instanceof Map<?, ?>)) {
				throw ApiException.invalidRequest(blockField + ".source must be an object");
			}
			checked.add((Map<String, Object>) block);
		}
		return checked;
	}

}
