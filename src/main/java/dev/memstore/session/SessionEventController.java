package dev.memstore.session;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.memstore.api.ArrayParameters;
import dev.memstore.api.BetaApi;
import dev.memstore.api.BetaFamily;
import dev.memstore.api.Caller;
import dev.memstore.api.PageLimit;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The events of a session: send, list, stream, and the turns extension.
 */
@RestController
@BetaApi(BetaFamily.MANAGED_AGENTS)
@RequestMapping("/v1/sessions/{session_id}")
class SessionEventController {

	private final SessionEventService events;

	private final SessionService sessions;

	private final SessionStreams streams;

	private final TurnService turns;

	private final StreamQuota streamQuota;

	SessionEventController(SessionEventService events, SessionService sessions, SessionStreams streams,
			TurnService turns, StreamQuota streamQuota) {
		this.events = events;
		this.sessions = sessions;
		this.streams = streams;
		this.turns = turns;
		this.streamQuota = streamQuota;
	}

	@PostMapping("/events")
	Map<String, List<SessionEvent>> send(Caller caller, @PathVariable("session_id") String sessionId,
			@RequestBody SendEventsRequest body) {
		return Map.of("data", this.events.send(caller.workspaceId(), sessionId, body.events()));
	}

	@GetMapping("/events")
	ListPage<SessionEvent> list(Caller caller, @PathVariable("session_id") String sessionId, HttpServletRequest request,
			@RequestParam(name = "order", required = false) String order, CreatedAtRange createdAt,
			@PageLimit(max = EventListQuery.MAX_LIMIT) PageParams page) {
		return this.events.list(caller.workspaceId(), sessionId,
				EventListQuery.parse(ArrayParameters.values(request, "types"), createdAt, order), page);
	}

	/**
	 * Streams the events emitted from now on. {@code event_deltas[]} is accepted and has
	 * no effect: memstore emits each agent message whole.
	 */
	@GetMapping("/events/stream")
	ResponseEntity<SseEmitter> stream(Caller caller, @PathVariable("session_id") String sessionId) {
		this.sessions.get(caller.workspaceId(), sessionId);
		Runnable release = this.streamQuota.acquire(caller.workspaceId());
		SseEmitter emitter = new SseEmitter(0L);
		SseSubscriber subscriber;
		try {
			subscriber = new SseSubscriber(emitter, this.streams.lastEventSeq(sessionId));
		}
		catch (RuntimeException ex) {
			release.run();
			throw ex;
		}
		Runnable close = () -> {
			subscriber.closed();
			this.streams.unsubscribe(sessionId, subscriber);
			release.run();
		};
		emitter.onCompletion(close);
		emitter.onTimeout(close);
		emitter.onError((error) -> close.run());
		this.streams.subscribe(sessionId, subscriber);
		// A first heartbeat commits the response at once: clients know the stream is open
		// before they send the message whose events they want to see.
		subscriber.ping();
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noCache())
			.header("X-Accel-Buffering", "no")
			.body(emitter);
	}

	@PostMapping("/turns")
	DeferredResult<TurnAnswer> turn(Caller caller, @PathVariable("session_id") String sessionId,
			@RequestBody TurnRequest body) {
		return this.turns.run(caller.workspaceId(), sessionId, body.input(), body.events());
	}

	/**
	 * The body of an event send.
	 */
	record SendEventsRequest(List<Map<String, Object>> events) {

	}

	/**
	 * The body of a turn: {@code {"input": [{"role": "user", "content": ...}]}} to start
	 * one, or {@code {"events": [...]}} with the answers a paused turn waits on.
	 */
	record TurnRequest(Object input, Object events) {

	}

}
