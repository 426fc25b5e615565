package dev.memstore.session;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.memstore.kernel.Ids;
import dev.memstore.kernel.Timestamps;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * An SSE stream of a session's events, in the shape every SDK parses: an {@code event:}
 * line equal to the JSON {@code type}, one single-line {@code data:} line, a blank line.
 */
final class SseSubscriber implements StreamSubscriber {

	private static final MediaType EVENT_STREAM_TEXT = new MediaType("text", "event-stream", StandardCharsets.UTF_8);

	private final ResponseBodyEmitter emitter;

	private final JsonMapper json;

	private volatile long lastSeq;

	private volatile boolean open = true;

	SseSubscriber(ResponseBodyEmitter emitter, JsonMapper json, long lastSeq) {
		this.emitter = emitter;
		this.json = json;
		this.lastSeq = lastSeq;
	}

	@Override
	public long lastSeq() {
		return this.lastSeq;
	}

	@Override
	public synchronized boolean deliver(List<SessionEvent> events) {
		StringBuilder messages = new StringBuilder();
		long last = this.lastSeq;
		for (SessionEvent event : events) {
			// Two deliveries may race; the later one finds these already sent.
			if (event.seq() > last) {
				messages.append(message(event.type(), event.toWire()));
				last = event.seq();
			}
		}
		if (!messages.isEmpty() && !send(messages.toString())) {
			return false;
		}
		this.lastSeq = last;
		return this.open;
	}

	@Override
	public synchronized boolean ping() {
		return send(message("ping", Map.of("type", "ping")));
	}

	@Override
	public synchronized void sessionDeleted() {
		Map<String, Object> deleted = new LinkedHashMap<>();
		deleted.put("type", "session.deleted");
		deleted.put("id", Ids.next(SessionEvent.ID_PREFIX));
		deleted.put("processed_at", Timestamps.now());
		if (send(message("session.deleted", deleted))) {
			this.emitter.complete();
		}
		this.open = false;
	}

	@Override
	public synchronized void close() {
		if (this.open) {
			this.open = false;
			this.emitter.complete();
		}
	}

	void closed() {
		this.open = false;
	}

	private String message(String type, Map<String, Object> data) {
		return "event: " + type + "\ndata: " + this.json.writeValueAsString(data) + "\n\n";
	}

	private boolean send(String text) {
		if (!this.open) {
			return false;
		}
		try {
			this.emitter.send(text, EVENT_STREAM_TEXT);
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away.
			this.open = false;
			return false;
		}
	}

}
