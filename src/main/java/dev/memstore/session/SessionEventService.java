package dev.memstore.session;

import dev.memstore.kernel.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.kernel.Ids;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.TextRules;
import dev.memstore.kernel.Timestamps;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The event log of sessions: what clients send, and what the agent loop records while it
 * runs a turn. Every append locks the session, so a session's events are numbered in the
 * order they commit, and announces itself to the streams of every instance.
 */
@Service
@Transactional
public class SessionEventService {

	private static final String STATUS_RUNNING = "session.status_running";

	private static final String STATUS_IDLE = "session.status_idle";

	private static final String STATUS_RESCHEDULED = "session.status_rescheduled";

	private static final List<String> CONVERSATION_TYPES = List.of(UserEvents.MESSAGE, "agent.message",
			"agent.thinking", "agent.tool_use", "agent.tool_result");

	private final SessionRepository sessions;

	private final SessionEventRepository events;

	private final ApplicationEventPublisher publisher;

	SessionEventService(SessionRepository sessions, SessionEventRepository events,
			ApplicationEventPublisher publisher) {
		this.sessions = sessions;
		this.events = events;
		this.publisher = publisher;
	}

	/**
	 * Records events a client sends: messages queue for the agent loop, an interrupt is
	 * processed at once.
	 */
	public List<Map<String, Object>> send(String workspaceId, String sessionId, List<Map<String, Object>> params) {
		TextRules.requireValidTextWithin("events", params);
		List<UserEvents.Sent> sent = UserEvents.parse(params, "events", false);
		SessionRow session = this.sessions.owned(workspaceId, sessionId, true);
		SessionService.requireNotArchived(session);
		if (session.status() == SessionStatus.TERMINATED) {
			throw ApiException.invalidRequest("session " + sessionId + " is terminated; it takes no new events");
		}
		return record(session, sent).stream().map(SessionEvent::toWire).toList();
	}

	List<SessionEvent> record(SessionRow session, List<UserEvents.Sent> sent) {
		List<SessionEvent> recorded = new ArrayList<>();
		boolean queued = false;
		boolean processed = false;
		for (UserEvents.Sent event : sent) {
			boolean message = event.type().equals(UserEvents.MESSAGE);
			SessionEvent row = new SessionEvent(Ids.next(SessionEvent.ID_PREFIX), session.id(),
					this.sessions.nextEventSeq(session.id()), event.type(), event.fields(),
					message ? null : Timestamps.now());
			this.events.insert(row);
			recorded.add(row);
			queued |= message;
			processed |= !message;
		}
		if (processed) {
			this.events.announce(session.id());
		}
		if (queued) {
			this.publisher.publishEvent(new TurnRequested(session.id()));
		}
		return recorded;
	}

	@Transactional(readOnly = true)
	public ListPage<Map<String, Object>> list(String workspaceId, String sessionId, EventListQuery query,
			PageParams page) {
		this.sessions.owned(workspaceId, sessionId, false);
		String scope = query.cursorScope(sessionId);
		Long after = null;
		if (page.page() != null) {
			try {
				after = Long.parseLong(PageCursor.decode(page.page(), scope, 1).get(0));
			}
			catch (NumberFormatException ex) {
				throw ApiException.invalidRequest("page is not a valid page cursor");
			}
		}
		return ListPage.of(this.events.list(sessionId, query, after, page.limit() + 1), page.limit(),
				SessionEvent::toWire, (last) -> PageCursor.encode(scope, List.of(Long.toString(last.seq()))));
	}

	/**
	 * A session's transcript: its first {@code limit} processed events, in emission
	 * order.
	 */
	@Transactional(readOnly = true)
	public List<SessionEvent> transcript(String workspaceId, String sessionId, int limit) {
		this.sessions.owned(workspaceId, sessionId, false);
		return this.events.processedAfter(sessionId, 0, limit);
	}

	/**
	 * Starts the next turn of a session: its oldest queued message is processed, and the
	 * session runs.
	 * @return the turn, or empty when no message waits
	 */
	public Optional<Turn> startNextTurn(String sessionId) {
		Optional<SessionRow> locked = this.sessions.lock(sessionId);
		if (locked.isEmpty()) {
			return Optional.empty();
		}
		SessionRow session = locked.get();
		Optional<SessionEvent> queued = this.events.oldestQueuedMessage(sessionId);
		if (queued.isEmpty()) {
			return Optional.empty();
		}
		Instant now = Timestamps.now();
		SessionEvent message = queued.get();
		long seq = this.sessions.nextEventSeq(sessionId);
		this.events.markProcessed(message.id(), seq, now);
		SessionEvent processed = new SessionEvent(message.id(), sessionId, seq, message.type(), message.fields(), now);
		append(sessionId, STATUS_RUNNING, Map.of(), SessionStatus.RUNNING);
		return Optional.of(turn(session, processed, List.of()));
	}

	/**
	 * Takes up a turn that was cut short (its worker died or lost its lease): the session
	 * reports that it was rescheduled and runs again.
	 * @return the turn with what it had recorded, or empty if the session is not in a
	 * turn
	 */
	public Optional<Turn> resumeTurn(String sessionId) {
		Optional<SessionRow> locked = this.sessions.lock(sessionId);
		if (locked.isEmpty() || (locked.get().status() != SessionStatus.RUNNING
				&& locked.get().status() != SessionStatus.RESCHEDULING)) {
			return Optional.empty();
		}
		Optional<SessionEvent> message = this.events.lastProcessedMessage(sessionId);
		if (message.isEmpty()) {
			return Optional.empty();
		}
		List<SessionEvent> earlier = this.events.processedAfter(sessionId, message.get().seq(), Integer.MAX_VALUE)
			.stream()
			.filter((event) -> !event.type().startsWith("session.status_") && !event.type().startsWith("user."))
			.toList();
		if (locked.get().status() != SessionStatus.RESCHEDULING) {
			append(sessionId, STATUS_RESCHEDULED, Map.of(), SessionStatus.RESCHEDULING);
		}
		append(sessionId, STATUS_RUNNING, Map.of(), SessionStatus.RUNNING);
		return Optional.of(turn(locked.get(), message.get(), earlier));
	}

	/**
	 * Puts a running turn aside to be tried again later, as after the model's API asked
	 * to wait: the session reports that it was rescheduled until {@link #resumeTurn} runs
	 * it again.
	 */
	public void reschedule(String sessionId) {
		Optional<SessionRow> locked = this.sessions.lock(sessionId);
		if (locked.isPresent() && locked.get().status() == SessionStatus.RUNNING) {
			append(sessionId, STATUS_RESCHEDULED, Map.of(), SessionStatus.RESCHEDULING);
		}
	}

	/**
	 * The conversation of a session so far: its processed user messages and what the
	 * agent said and did, in emission order.
	 */
	@Transactional(readOnly = true)
	public List<SessionEvent> conversation(String sessionId) {
		return this.events.processedOfTypes(sessionId, CONVERSATION_TYPES);
	}

	/**
	 * Records that a request to a model starts.
	 * @param modelId the model that is asked, which may differ from the agent's when no
	 * key for it is configured
	 */
	public SessionEvent startModelRequest(String sessionId, String modelId) {
		return append(sessionId, "span.model_request_start", Map.of("model", Map.of("id", modelId)));
	}

	/**
	 * Records that a request to a model ended, and adds what it used to the session's
	 * {@code usage}.
	 */
	public SessionEvent endModelRequest(SessionEvent start, boolean failed, ModelUsage used) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("is_error", failed);
		fields.put("model_request_start_id", start.id());
		fields.put("model_usage", used.toSpanUsage());
		SessionEvent end = append(start.sessionId(), "span.model_request_end", fields);
		if (!used.isNone()) {
			this.sessions.addUsage(start.sessionId(), used);
		}
		return end;
	}

	/**
	 * Ends a model request and with it the turn, in one transaction: the session goes
	 * idle for the given reason.
	 * @param error the fields of a {@code session.error} to record before, or
	 * {@code null}
	 */
	public void endModelRequestAndTurn(SessionEvent start, ModelUsage used, Map<String, Object> error,
			Map<String, Object> stopReason) {
		endModelRequest(start, false, used);
		endTurn(start.sessionId(), error, stopReason);
	}

	/**
	 * Records what the agent did, in order.
	 */
	public SessionEvent append(String sessionId, String type, Map<String, Object> fields) {
		return append(sessionId, type, fields, null);
	}

	/**
	 * Ends a turn: the session goes idle for the given reason.
	 * @param stopReason such as {@code {"type":"end_turn"}}
	 */
	public SessionEvent endTurn(String sessionId, Map<String, Object> stopReason) {
		return endTurn(sessionId, null, stopReason);
	}

	/**
	 * Ends a turn after an error, in one transaction: the {@code session.error}, then the
	 * session goes idle for the given reason.
	 * @param error the fields of the {@code session.error}, or {@code null} for none
	 */
	public SessionEvent endTurn(String sessionId, Map<String, Object> error, Map<String, Object> stopReason) {
		if (error != null) {
			append(sessionId, "session.error", error);
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("stop_reason", stopReason);
		fields.put("stop_details", null);
		return append(sessionId, STATUS_IDLE, fields, SessionStatus.IDLE);
	}

	/**
	 * Whether the user interrupted the session after the given event. Asked before every
	 * step of a turn, so it is one statement, without a transaction of its own.
	 */
	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	public boolean interruptedAfter(String sessionId, long seq) {
		return this.events.hasEventAfter(sessionId, UserEvents.INTERRUPT, seq);
	}

	/**
	 * Whether the session is in a turn, as after a worker stopped in the middle of one;
	 * one statement, without a transaction of its own.
	 */
	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	public boolean isInTurn(String sessionId) {
		SessionStatus status = this.sessions.status(sessionId);
		return status == SessionStatus.RUNNING || status == SessionStatus.RESCHEDULING;
	}

	void announceDeleted(String sessionId) {
		this.events.announce(sessionId);
	}

	@SuppressWarnings("unchecked")
	private SessionEvent append(String sessionId, String type, Map<String, Object> fields, SessionStatus status) {
		Instant now = Timestamps.now();
		SessionEvent event = new SessionEvent(Ids.next(SessionEvent.ID_PREFIX), sessionId,
				this.sessions.nextEventSeq(sessionId), type, (Map<String, Object>) SessionJson.storable(fields), now);
		this.events.insert(event);
		if (status != null) {
			this.sessions.updateStatus(sessionId, status, now);
		}
		this.events.announce(sessionId);
		return event;
	}

	private Turn turn(SessionRow session, SessionEvent message, List<SessionEvent> earlier) {
		List<ResourceRow> resources = this.sessions.resources(List.of(session.id()))
			.getOrDefault(session.id(), List.of());
		return new Turn(session.id(), session.workspaceId(), session.agent(), SessionResources.mounts(resources),
				message, UserEvents.text(message), earlier);
	}

}
