package dev.memstore.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.Ids;

import org.springframework.web.context.request.async.DeferredResult;

/**
 * Follows a session after messages were sent through the turns extension, and answers
 * once the session is idle again after processing them.
 */
final class TurnWaiter implements StreamSubscriber {

	static final String ID_PREFIX = "turn_";

	private final String turnId = Ids.next(ID_PREFIX);

	private final String sessionId;

	private final Set<String> messageIds;

	private final DeferredResult<Map<String, Object>> result;

	private final List<SessionEvent> turnEvents = new ArrayList<>();

	private final Set<String> processedMessages = new java.util.HashSet<>();

	private volatile long lastSeq;

	TurnWaiter(String sessionId, Set<String> messageIds, long lastSeq, DeferredResult<Map<String, Object>> result) {
		this.sessionId = sessionId;
		this.messageIds = messageIds;
		this.lastSeq = lastSeq;
		this.result = result;
	}

	@Override
	public long lastSeq() {
		return this.lastSeq;
	}

	@Override
	public synchronized boolean deliver(List<SessionEvent> events) {
		for (SessionEvent event : events) {
			if (event.seq() <= this.lastSeq) {
				// Two deliveries may race; these were seen already.
				continue;
			}
			this.lastSeq = event.seq();
			if (this.messageIds.contains(event.id())) {
				this.processedMessages.add(event.id());
			}
			if (this.processedMessages.isEmpty()) {
				// Events of a turn that was running before these messages were processed.
				continue;
			}
			this.turnEvents.add(event);
			boolean allProcessed = this.processedMessages.size() == this.messageIds.size();
			if (allProcessed && (event.type().equals("session.status_idle")
					|| event.type().equals("session.status_terminated"))) {
				this.result.setResult(answer(status(event)));
				return false;
			}
		}
		return !this.result.isSetOrExpired();
	}

	@Override
	public boolean ping() {
		return !this.result.isSetOrExpired();
	}

	@Override
	public synchronized void sessionDeleted() {
		this.result.setResult(answer("failed"));
	}

	@Override
	public synchronized void close() {
		this.result.setResult(answer("timed_out"));
	}

	/**
	 * The answer when the timeout expires first.
	 */
	synchronized Map<String, Object> timedOut() {
		return answer("timed_out");
	}

	private String status(SessionEvent end) {
		boolean failedError = this.turnEvents.stream()
			.filter((event) -> event.type().equals("session.error"))
			.map((event) -> event.fields().get("error"))
			.filter(Map.class::isInstance)
			.map((error) -> ((Map<?, ?>) error).get("retry_status"))
			.filter(Map.class::isInstance)
			.map((retry) -> ((Map<?, ?>) retry).get("type"))
			.anyMatch((type) -> "exhausted".equals(type) || "terminal".equals(type));
		if (failedError || end.type().equals("session.status_terminated")) {
			return "failed";
		}
		Object reason = end.fields().get("stop_reason");
		boolean endTurn = reason instanceof Map<?, ?> map && "end_turn".equals(map.get("type"));
		return endTurn ? "completed" : "failed";
	}

	private Map<String, Object> answer(String status) {
		List<Map<String, Object>> output = new ArrayList<>();
		for (SessionEvent event : this.turnEvents) {
			if (event.type().equals("agent.message") && event.fields().get("content") instanceof List<?> blocks) {
				List<Object> text = blocks.stream()
					.filter((block) -> block instanceof Map<?, ?> map && "text".equals(map.get("type")))
					.map(Object.class::cast)
					.toList();
				if (!text.isEmpty()) {
					Map<String, Object> message = new LinkedHashMap<>();
					message.put("role", "assistant");
					message.put("content", text);
					output.add(message);
				}
			}
		}
		Map<String, Object> turn = new LinkedHashMap<>();
		turn.put("id", this.turnId);
		turn.put("type", "turn");
		turn.put("session_id", this.sessionId);
		turn.put("status", status);
		turn.put("output", output);
		turn.put("events", this.turnEvents.stream().map(SessionEvent::id).toList());
		return turn;
	}

}
