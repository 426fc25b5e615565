package dev.memstore.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.TextRules;

import org.springframework.stereotype.Service;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The turns extension: sends user messages and answers once the session has processed
 * them and is idle again, or when the timeout expires.
 */
@Service
public class TurnService {

	private final SessionEventService events;

	private final SessionStreams streams;

	private final SessionProperties properties;

	TurnService(SessionEventService events, SessionStreams streams, SessionProperties properties) {
		this.events = events;
		this.streams = streams;
		this.properties = properties;
	}

	/**
	 * Sends the input as user messages and returns the turn, completed when the session
	 * is idle again.
	 */
	public DeferredResult<TurnAnswer> run(String workspaceId, String sessionId, Object input, Object answers) {
		if ((input == null) == (answers == null)) {
			throw ApiException.invalidRequest("send either input, the user's messages, or events, the answers"
					+ " (user.custom_tool_result, user.tool_confirmation) to the calls a paused turn waits on");
		}
		TextRules.requireValidTextWithin("input", input);
		List<Map<String, Object>> sent = (input != null) ? messages(input) : answers(answers);
		// Read before sending: every event of the turn is numbered after it.
		long lastSeq = this.streams.lastEventSeq(sessionId);
		Set<String> ids = new LinkedHashSet<>();
		this.events.send(workspaceId, sessionId, sent).forEach((event) -> ids.add(event.id()));
		DeferredResult<TurnAnswer> result = new DeferredResult<>(this.properties.turnTimeout().toMillis());
		TurnWaiter waiter = new TurnWaiter(sessionId, ids, lastSeq, result, () -> this.events.waitingCalls(sessionId));
		result.onTimeout(() -> result.setResult(waiter.timedOut()));
		result.onCompletion(() -> this.streams.unsubscribe(sessionId, waiter));
		this.streams.subscribe(sessionId, waiter);
		return result;
	}

	/**
	 * The answers of a turn request: only events that answer a paused turn's calls.
	 */
	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> answers(Object events) {
		if (!(events instanceof List<?> items) || items.isEmpty()) {
			throw ApiException.invalidRequest("events must be a non-empty array of answers");
		}
		for (int i = 0; i < items.size(); i++) {
			Object type = (items.get(i) instanceof Map<?, ?> item) ? item.get("type") : null;
			if (!UserEvents.CUSTOM_TOOL_RESULT.equals(type) && !UserEvents.TOOL_CONFIRMATION.equals(type)
					&& !UserEvents.TOOL_RESULT.equals(type)) {
				throw ApiException.invalidRequest("events[" + i + "] must be a " + UserEvents.CUSTOM_TOOL_RESULT
						+ ", a " + UserEvents.TOOL_CONFIRMATION + " or a " + UserEvents.TOOL_RESULT
						+ "; start a turn with input");
			}
		}
		return (List<Map<String, Object>>) events;
	}

	private static List<Map<String, Object>> messages(Object input) {
		if (!(input instanceof List<?> items) || items.isEmpty()) {
			throw ApiException.invalidRequest("input must be a non-empty array of {role, content} messages");
		}
		List<Map<String, Object>> messages = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			String field = "input[" + i + "]";
			if (!(items.get(i) instanceof Map<?, ?> item)) {
				throw ApiException.invalidRequest(field + " must be an object");
			}
			if (!"user".equals(item.get("role"))) {
				throw ApiException.invalidRequest(field + ".role must be user, got '" + item.get("role") + "'");
			}
			Object content = item.get("content");
			if (content instanceof String text) {
				if (text.isEmpty()) {
					throw ApiException.invalidRequest(field + ".content must not be empty");
				}
				content = List.of(Map.of("type", "text", "text", text));
			}
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("type", UserEvents.MESSAGE);
			message.put("content", content);
			messages.add(message);
		}
		return messages;
	}

}
