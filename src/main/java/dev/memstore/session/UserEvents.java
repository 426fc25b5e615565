package dev.memstore.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.TextRules;
import dev.memstore.session.SessionEvent.UserInterrupt;
import dev.memstore.session.SessionEvent.UserMessage;

/**
 * Reads the events a client sends: user messages and interrupts. Other event types are
 * refused by name, so that a client learns what this server does not do.
 */
final class UserEvents {

	static final String MESSAGE = "user.message";

	static final String INTERRUPT = "user.interrupt";

	static final int MAX_INITIAL_EVENTS = 50;

	private static final Set<String> NOT_SUPPORTED = Set.of("user.tool_confirmation", "user.custom_tool_result",
			"user.define_outcome", "user.tool_result", "system.message");

	private static final Set<String> CONTENT_TYPES = Set.of("text", "image", "document");

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
		if (NOT_SUPPORTED.contains(name)) {
			throw ApiException.invalidRequest(field + ": memstore does not support " + name
					+ " events; send user.message" + (messagesOnly ? "" : " or user.interrupt"));
		}
		throw ApiException.invalidRequest(field + ".type must be user.message"
				+ (messagesOnly ? "" : " or user.interrupt") + ", got '" + name + "'");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> content(Object content, String field) {
		if (!(content instanceof List<?> blocks) || blocks.isEmpty()) {
			throw ApiException.invalidRequest(field + " must be a non-empty array of content blocks");
		}
		List<Map<String, Object>> checked = new ArrayList<>();
		for (int i = 0; i < blocks.size(); i++) {
			String blockField = field + "[" + i + "]";
			if (!(blocks.get(i) instanceof Map<?, ?> block)) {
				throw ApiException.invalidRequest(blockField + " must be an object");
			}
			Object type = block.get("type");
			if (!(type instanceof String blockType) || !CONTENT_TYPES.contains(blockType)) {
				throw ApiException
					.invalidRequest(blockField + ".type must be text, image or document, got '" + type + "'");
			}
			if (blockType.equals("text")) {
				if (!(block.get("text") instanceof String text)) {
					throw ApiException.invalidRequest(blockField + ".text must be a string");
				}
				TextRules.requireValidText(blockField + ".text", text);
			}
			else if (!(block.get("source") instanceof Map<?, ?>)) {
				throw ApiException.invalidRequest(blockField + ".source must be an object");
			}
			checked.add((Map<String, Object>) block);
		}
		return checked;
	}

}
