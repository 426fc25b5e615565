package dev.memstore.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memstore.kernel.Ids;
import dev.memstore.kernel.Timestamps;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An SSE stream of a session's events, in the shape every SDK parses: an {@code event:}
 * line equal to the JSON {@code type}, one single-line {@code data:} line, a blank line.
 * The frames are spelled here rather than by {@code SseEmitter.event()}, which writes
 * {@code event:} without the space the API puts after the colon, and a delivery's events
 * go out in one write.
 */
final class SseSubscriber implements StreamSubscriber {

	private static final Map<String, String> PING = Map.of("type", "ping");

	private static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

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
		Set<DataWithMediaType> frames = new LinkedHashSet<>();
		long last = this.lastSeq;
		for (LoggedEvent logged : events) {
			// Two deliveries may race; the later one finds these already sent.
			if (logged.seq() > last) {
				addFrame(frames, logged.event().type(), logged.event());
				last = logged.seq();
			}
		}
		if (!frames.isEmpty()) {
			if (!send(frames)) {
				return false;
			}
			this.lastSeq = last;
		}
		return this.open;
	}

	@Override
	public synchronized boolean ping() {
		return send(frame("ping", PING));
	}

	@Override
	public synchronized void sessionDeleted() {
		SessionEvent deleted = new SessionEvent.Deleted(Ids.next(SessionEvent.ID_PREFIX), Timestamps.now());
		if (send(frame(deleted.type(), deleted))) {
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

	private static Set<DataWithMediaType> frame(String type, Object data) {
		Set<DataWithMediaType> frames = new LinkedHashSet<>();
		addFrame(frames, type, data);
		return frames;
	}

	private static void addFrame(Set<DataWithMediaType> frames, String type, Object data) {
		frames.add(new DataWithMediaType("event: " + type + "\ndata: ", TEXT));
		frames.add(new DataWithMediaType(data, MediaType.APPLICATION_JSON));
		frames.add(new DataWithMediaType("\n\n", TEXT));
	}

	private boolean send(Set<DataWithMediaType> frames) {
		if (!this.open) {
			return false;
		}
		try {
			this.emitter.send(frames);
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away.
			this.open = false;
			return false;
		}
	}

}
