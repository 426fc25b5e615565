package dev.memstore.session;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.memstore.kernel.Ids;
import dev.memstore.kernel.Timestamps;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An SSE stream of a session's events, in the shape every SDK parses: an {@code event:}
 * line equal to the JSON {@code type}, one single-line {@code data:} line, a blank line.
 */
final class SseSubscriber implements StreamSubscriber {

	private static final Map<String, String> PING = Map.of("type", "ping");

	private final SseEmitter emitter;

	private volatile long lastSeq;

	private volatile boolean open = true;

	SseSubscriber(SseEmitter emitter, long lastSeq) {
		this.emitter = emitter;
		this.lastSeq = lastSeq;
	}

	@Override
	public long lastSeq() {
		return this.lastSeq;
	}

	@Override
	public synchronized boolean deliver(List<LoggedEvent> events) {
		for (LoggedEvent logged : events) {
			// Two deliveries may race; the later one finds these already sent.
			if (logged.seq() > this.lastSeq) {
				if (!send(logged.event().type(), logged.event())) {
					return false;
				}
				this.lastSeq = logged.seq();
			}
		}
		return this.open;
	}

	@Override
	public synchronized boolean ping() {
		return send("ping", PING);
	}

	@Override
	public synchronized void sessionDeleted() {
		SessionEvent deleted = new SessionEvent.Deleted(Ids.next(SessionEvent.ID_PREFIX), Timestamps.now());
		if (send(deleted.type(), deleted)) {
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

	private boolean send(String name, Object data) {
		if (!this.open) {
			return false;
		}
		try {
			this.emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away.
			this.open = false;
			return false;
		}
	}

}
