package dev.memstore.session;

import dev.memstore.kernel.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.kernel.Ids;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.TextRules;
import dev.memstore.kernel.Timestamps;
import dev.memstore.kernel.WebhookEvent;
import dev.memstore.sandbox.ToolResult;
import dev.memstore.session.SessionEvent.AgentCustomToolUse;
import dev.memstore.session.SessionEvent.AgentMessage;
import dev.memstore.session.SessionEvent.AgentToolResult;
import dev.memstore.session.SessionEvent.AgentToolUse;
import dev.memstore.session.SessionEvent.ErrorEvent;
import dev.memstore.session.SessionEvent.ModelRequestEnd;
import dev.memstore.session.SessionEvent.ModelRequestStart;
import dev.memstore.session.SessionEvent.StatusIdle;
import dev.memstore.session.SessionEvent.StatusRescheduled;
import dev.memstore.session.SessionEvent.StatusRunning;
import dev.memstore.session.SessionEvent.TextBlock;
import dev.memstore.session.SessionEvent.ToolEvaluation;
import dev.memstore.session.SessionEvent.UserInterrupt;
import dev.memstore.session.SessionEvent.UserMessage;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The event log of sessions: what clients send, and what the agent loop records while it
 * runs a turn. Every append locks the session, so a session's events are numbered in the
 * order they commit, and announces itself to the streams of every instance.
 * <p>
 * Its status changes are also announced to webhooks, in their transaction: each status
 * event under its webhook name ({@code session.status_run_started},
 * {@code session.status_idled}, {@code session.status_rescheduled}), and the cycle
 * between idle and running as {@code session.pending} (work queued for an idle session),
 * {@code session.running} (a worker takes it up), {@code session.requires_action} (the
 * turn waits for the application) and {@code session.idled} (the turn ended).
 */
@Service
@Transactional
public class SessionEventService {

	private static final List<String> CONVERSATION_TYPES = List.of("user.message", "agent.message", "agent.tool_use",
			"agent.tool_result", "agent.custom_tool_use", "user.custom_tool_result", UserEvents.TOOL_RESULT);

	private final SessionRepository sessions;

	private final SessionEventRepository events;

	private final SessionJson json;

	private final ApplicationEventPublisher publisher;

	SessionEventService(SessionRepository sessions, SessionEventRepository events, SessionJson json,
			ApplicationEventPublisher publisher) {
		this.sessions = sessions;
		this.events = events;
		this.json = json;
		this.publisher = publisher;
	}

	/**
	 * Records events a client sends: messages queue for the agent loop, an interrupt is
	 * processed at once.
	 */
	public List<SessionEvent> send(String workspaceId, String sessionId, List<Map<String, Object>> params) {
		TextRules.requireValidTextWithin("events", params);
		List<UserEvents.Sent> sent = UserEvents.parse(params, "events", false);
		SessionRow session = this.sessions.owned(workspaceId, sessionId, true);
		SessionService.requireNotArchived(session);
		if (session.managedBy() != null) {
			throw ApiException.invalidRequest("session " + sessionId + " runs " + session.managedBy()
					+ " and takes no events from clients; cancel " + session.managedBy() + " to stop it");
		}
		if (session.status() == SessionStatus.TERMINATED) {
			throw ApiException.invalidRequest("session " + sessionId + " is terminated; it takes no new events");
		}
		return record(session, sent);
	}

	/**
	 * Records what a client sent, in one transaction that changes nothing if any of it is
	 * refused. An answer (a custom tool result, a confirmation) must name a call the turn
	 * waits on; when the paused turn has all its answers it is queued to go on, and when
	 * some are still missing the session says again which. An interrupt ends a paused
	 * turn at once.
	 */
	List<SessionEvent> record(SessionRow session, List<UserEvents.Sent> sent) {
		List<SessionEvent> recorded = new ArrayList<>();
		boolean queued = false;
		boolean processed = false;
		boolean answered = false;
		boolean interrupted = false;
		PendingCalls pending = null;
		for (int i = 0; i < sent.size(); i++) {
			UserEvents.Sent draft = sent.get(i);
			if (draft instanceof UserEvents.SentAnswer answer) {
				pending = (pending != null) ? pending : pendingCalls(session);
				pending.requireAnswerable(answer, this.events.find(session.id(), answer.callId()).orElse(null),
						"events[" + i + "]");
			}
			SessionEvent event = draft.event(Ids.next(SessionEvent.ID_PREFIX), Timestamps.now());
			this.events.insert(new LoggedEvent(session.id(), this.sessions.nextEventSeq(session.id()), event));
			recorded.add(event);
			if (draft instanceof UserEvents.SentAnswer) {
				pending.answered(event);
				answered = true;
			}
			queued |= event instanceof UserMessage;
			processed |= !(event instanceof UserMessage);
			interrupted |= event instanceof UserInterrupt;
		}
		if (answered || interrupted) {
			pending = (pending != null) ? pending : pendingCalls(session);
			if (pending.paused() && session.status() == SessionStatus.IDLE) {
				if (interrupted) {
					// Nothing runs while a turn waits, so the interrupt ends it here.
					endTurn(session.id(), null, StopReason.END_TURN);
					queued = true;
				}
				else if (pending.isEmpty()) {
					queued = true;
				}
				else {
					waitFor(session.id(), pending);
				}
			}
		}
		if (processed) {
			this.events.announce(session.id());
		}
		if (queued) {
			this.publisher.publishEvent(new TurnRequested(session.id(), session.workspaceId(), session.environmentId(),
					session.selfHosted()));
			if (session.status() == SessionStatus.IDLE) {
				this.publisher.publishEvent(WebhookEvent.of(session.workspaceId(), session.id(), "session.pending"));
			}
		}
		return recorded;
	}

	/**
	 * The calls the session's current turn waits on.
	 */
	private PendingCalls pendingCalls(SessionRow session) {
		return pendingIn(currentTurn(session.id()), session.selfHosted());
	}

	private static PendingCalls pendingIn(Optional<CurrentTurn> turn, boolean selfHosted) {
		return PendingCalls.of(turn.map(CurrentTurn::events).orElse(List.of()), selfHosted);
	}

	/**
	 * The current or last turn: the newest processed {@code user.message} and the
	 * processed events after it, read once for whatever needs them.
	 */
	private Optional<CurrentTurn> currentTurn(String sessionId) {
		return this.events.lastProcessedMessage(sessionId)
			.map((message) -> new CurrentTurn(message,
					events(this.events.processedAfter(sessionId, message.seq(), Integer.MAX_VALUE))));
	}

	private record CurrentTurn(LoggedEvent message, List<SessionEvent> events) {

	}

	@Transactional(readOnly = true)
	public ListPage<SessionEvent> list(String workspaceId, String sessionId, EventListQuery query, PageParams page) {
		this.sessions.owned(workspaceId, sessionId, false);
		String scope = query.cursorScope(sessionId);
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 1) : null;
		return ListPage.of(this.events.list(sessionId, query, after, page.limit()), page.limit(), LoggedEvent::event,
				(last) -> PageCursor.encode(scope, List.of(Long.toString(last.seq()))));
	}

	/**
	 * Interrupts a session memstore runs on behalf of another object (a dream being
	 * canceled): its turn stops at its next step, as after a client's
	 * {@code user.interrupt}.
	 */
	public void interruptManaged(String sessionId) {
		Optional<SessionRow> session = this.sessions.lock(sessionId);
		if (session.isPresent() && session.get().managedBy() != null) {
			record(session.get(), UserEvents.parse(List.of(Map.of("type", UserEvents.INTERRUPT)), "events", false));
		}
	}

	/**
	 * What was said in a session, newest last: its last {@code maxEvents}
	 * {@code user.message} and {@code agent.message} events.
	 */
	@Transactional(readOnly = true)
	public List<SessionEvent> recentMessages(String workspaceId, String sessionId, int maxEvents) {
		this.sessions.owned(workspaceId, sessionId, false);
		List<SessionEvent> newestFirst = events(
				this.events.newestProcessedOfTypes(sessionId, List.of(UserEvents.MESSAGE, "agent.message"), maxEvents));
		List<SessionEvent> oldestFirst = new ArrayList<>(newestFirst);
		Collections.reverse(oldestFirst);
		return oldestFirst;
	}

	/**
	 * A session's transcript: its first {@code limit} processed events, in emission
	 * order.
	 */
	@Transactional(readOnly = true)
	public List<SessionEvent> transcript(String workspaceId, String sessionId, int limit) {
		this.sessions.owned(workspaceId, sessionId, false);
		return events(this.events.processedAfter(sessionId, 0, limit));
	}

	/**
	 * The end of a session's transcript, to follow a session that is running: its last
	 * {@code limit} processed events, in emission order.
	 */
	@Transactional(readOnly = true)
	public List<SessionEvent> latest(String workspaceId, String sessionId, int limit) {
		this.sessions.owned(workspaceId, sessionId, false);
		List<SessionEvent> oldestFirst = new ArrayList<>(events(this.events.newestProcessed(sessionId, limit)));
		Collections.reverse(oldestFirst);
		return oldestFirst;
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
		if (session.status() == SessionStatus.IDLE) {
			Optional<CurrentTurn> current = currentTurn(sessionId);
			PendingCalls pending = pendingIn(current, session.selfHosted());
			if (pending.paused()) {
				// A paused turn goes on once every call it waits on is answered; until
				// then
				// the messages queued behind it wait too.
				return pending.isEmpty() ? Optional.of(continueTurn(session, current.get())) : Optional.empty();
			}
		}
		Optional<LoggedEvent> queued = this.events.oldestQueuedMessage(sessionId);
		if (queued.isEmpty()) {
			return Optional.empty();
		}
		Instant now = Timestamps.now();
		UserMessage message = (UserMessage) queued.get().event();
		long seq = this.sessions.nextEventSeq(sessionId);
		this.events.markProcessed(message.id(), seq, now);
		append(sessionId, new StatusRunning(newId(), now), SessionStatus.RUNNING, "session.running");
		return Optional.of(turn(session, message.processed(now), seq, List.of()));
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
		Optional<CurrentTurn> current = currentTurn(sessionId);
		if (current.isEmpty()) {
			return Optional.empty();
		}
		if (locked.get().status() != SessionStatus.RESCHEDULING) {
			append(sessionId, new StatusRescheduled(newId(), Timestamps.now()), SessionStatus.RESCHEDULING);
		}
		append(sessionId, new StatusRunning(newId(), Timestamps.now()), SessionStatus.RUNNING);
		return Optional.of(turnSoFar(locked.get(), current.get()));
	}

	/**
	 * Pauses the running turn until the application answers the calls it waits on: the
	 * session goes idle with {@code requires_action} listing them. Answers that arrived
	 * while the turn was still running count, so a turn whose calls are all answered
	 * already does not pause.
	 * @return empty when the turn paused; the turn as it stands when it goes on at once
	 */
	public Optional<Turn> pauseTurn(String sessionId) {
		Optional<SessionRow> locked = this.sessions.lock(sessionId);
		if (locked.isEmpty()) {
			return Optional.empty();
		}
		Optional<CurrentTurn> current = currentTurn(sessionId);
		PendingCalls pending = pendingIn(current, locked.get().selfHosted());
		if (pending.isEmpty()) {
			return current.map((turn) -> turnSoFar(locked.get(), turn));
		}
		waitFor(sessionId, pending);
		return Optional.empty();
	}

	/**
	 * The one place a turn says it waits: the session goes idle with
	 * {@code requires_action} listing the calls still unanswered, when it pauses and
	 * again after each answer that leaves some.
	 */
	private void waitFor(String sessionId, PendingCalls pending) {
		append(sessionId, new StatusIdle(newId(), StopReason.requiresAction(pending.ids()), null, Timestamps.now()),
				SessionStatus.IDLE, "session.requires_action");
	}

	/**
	 * The calls a session waits on, for the turns extension's answer.
	 */
	@Transactional(readOnly = true)
	public List<SessionEvent> waitingCalls(String sessionId) {
		PendingCalls pending = pendingIn(currentTurn(sessionId), this.sessions.isSelfHosted(sessionId));
		return pending.paused() ? pending.calls() : List.of();
	}

	/**
	 * Goes on with a paused turn whose calls are all answered: the session runs again.
	 */
	private Turn continueTurn(SessionRow session, CurrentTurn current) {
		append(session.id(), new StatusRunning(newId(), Timestamps.now()), SessionStatus.RUNNING, "session.running");
		return turnSoFar(session, current);
	}

	/**
	 * A turn with what it recorded so far: the agent's events and the answers it got.
	 */
	private Turn turnSoFar(SessionRow session, CurrentTurn current) {
		List<SessionEvent> earlier = current.events()
			.stream()
			.filter((event) -> !event.type().startsWith("session.status_") && !(event instanceof UserMessage)
					&& !(event instanceof UserInterrupt))
			.toList();
		return turn(session, (UserMessage) current.message().event(), current.message().seq(), earlier);
	}

	/**
	 * Puts a running turn aside to be tried again later, as after the model's API asked
	 * to wait: the session reports that it was rescheduled until {@link #resumeTurn} runs
	 * it again.
	 */
	public void reschedule(String sessionId) {
		Optional<SessionRow> locked = this.sessions.lock(sessionId);
		if (locked.isPresent() && locked.get().status() == SessionStatus.RUNNING) {
			append(sessionId, new StatusRescheduled(newId(), Timestamps.now()), SessionStatus.RESCHEDULING);
		}
	}

	/**
	 * The conversation of a session so far: its processed user messages and what the
	 * agent said and did, in emission order.
	 */
	@Transactional(readOnly = true)
	public List<SessionEvent> conversation(String sessionId) {
		return events(this.events.processedOfTypes(sessionId, CONVERSATION_TYPES));
	}

	/**
	 * Records that a request to a model starts.
	 * @param modelId the model that is asked, which may differ from the agent's when no
	 * key for it is configured
	 */
	public ModelRequestStart startModelRequest(String sessionId, String modelId) {
		return append(sessionId,
				new ModelRequestStart(newId(), new ModelRequestStart.Model(modelId), Timestamps.now()));
	}

	/**
	 * Records that a request to a model ended, and adds what it used to the session's
	 * {@code usage}.
	 */
	public ModelRequestEnd endModelRequest(String sessionId, ModelRequestStart start, boolean failed, ModelUsage used) {
		ModelRequestEnd end = append(sessionId,
				new ModelRequestEnd(newId(), failed, start.id(), used.toSpanUsage(), Timestamps.now()));
		if (!used.isNone()) {
			this.sessions.addUsage(sessionId, used);
		}
		return end;
	}

	/**
	 * Ends a model request and with it the turn, in one transaction: the session goes
	 * idle for the given reason.
	 * @param error a {@code session.error} to record before, or {@code null}
	 */
	public void endModelRequestAndTurn(String sessionId, ModelRequestStart start, ModelUsage used, SessionError error,
			StopReason stopReason) {
		endModelRequest(sessionId, start, false, used);
		endTurn(sessionId, error, stopReason);
	}

	/**
	 * Records what the agent said.
	 */
	public AgentMessage recordMessage(String sessionId, String text) {
		return append(sessionId, new AgentMessage(newId(), List.of(TextBlock.of(text)), Timestamps.now()));
	}

	/**
	 * Records that the agent calls a built-in tool, before it runs or asks.
	 */
	public AgentToolUse recordToolUse(String sessionId, String name, Map<String, Object> input,
			EvaluatedPermission permission, ToolEvaluation evaluation) {
		return append(sessionId, new AgentToolUse(newId(), name, input, permission, evaluation, Timestamps.now()));
	}

	/**
	 * Records the custom tool calls of one model response together, so that the
	 * application sees them all at once.
	 */
	public List<AgentCustomToolUse> recordCustomToolUses(String sessionId, List<CustomToolCall> calls) {
		List<AgentCustomToolUse> uses = new ArrayList<>();
		for (CustomToolCall call : calls) {
			uses.add(append(sessionId, new AgentCustomToolUse(newId(), call.name(), call.input(), Timestamps.now())));
		}
		return uses;
	}

	/**
	 * A custom tool call the model makes.
	 */
	public record CustomToolCall(String name, Map<String, Object> input) {

	}

	/**
	 * Records what a tool call returned.
	 */
	public AgentToolResult recordToolResult(String sessionId, AgentToolUse use, ToolResult result) {
		return append(sessionId, new AgentToolResult(newId(), use.id(), List.of(TextBlock.of(result.text())),
				result.isError(), Timestamps.now()));
	}

	/**
	 * Records an error of the turn that does not end it.
	 */
	public ErrorEvent recordError(String sessionId, SessionError error) {
		return append(sessionId, new ErrorEvent(newId(), error, Timestamps.now()));
	}

	/**
	 * Ends a turn: the session goes idle for the given reason.
	 */
	public StatusIdle endTurn(String sessionId, StopReason stopReason) {
		return endTurn(sessionId, null, stopReason);
	}

	/**
	 * Ends a turn after an error, in one transaction: the {@code session.error}, then the
	 * session goes idle for the given reason.
	 * @param error the {@code session.error}'s error, or {@code null} for none
	 */
	public StatusIdle endTurn(String sessionId, SessionError error, StopReason stopReason) {
		if (error != null) {
			recordError(sessionId, error);
		}
		StatusIdle idle = append(sessionId, new StatusIdle(newId(), stopReason, null, Timestamps.now()),
				SessionStatus.IDLE, "session.idled");
		this.publisher.publishEvent(new TurnEnded(sessionId, stopReason, error));
		return idle;
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

	boolean hasQueuedMessage(String sessionId) {
		return this.events.oldestQueuedMessage(sessionId).isPresent();
	}

	void announceDeleted(String sessionId) {
		this.events.announce(sessionId);
	}

	private <E extends SessionEvent> E append(String sessionId, E event) {
		return append(sessionId, event, null);
	}

	/**
	 * Appends an event to the log, as it can be stored.
	 * @param status the session's status from now on, or {@code null} for no change
	 * @param alsoAnnounced webhook event types the status change is announced as, besides
	 * its status event's
	 */
	@SuppressWarnings("unchecked")
	private <E extends SessionEvent> E append(String sessionId, E event, SessionStatus status,
			String... alsoAnnounced) {
		E stored = (E) this.json.storable(event);
		this.events.insert(new LoggedEvent(sessionId, this.sessions.nextEventSeq(sessionId), stored));
		if (status != null) {
			this.sessions.updateStatus(sessionId, status, stored.processedAt())
				.ifPresent((workspaceId) -> announceStatus(workspaceId, sessionId, stored, alsoAnnounced));
		}
		this.events.announce(sessionId);
		return stored;
	}

	private void announceStatus(String workspaceId, String sessionId, SessionEvent statusEvent,
			String... alsoAnnounced) {
		List<String> types = new ArrayList<>();
		types.add(webhookName(statusEvent));
		types.addAll(List.of(alsoAnnounced));
		this.publisher.publishEvent(new WebhookEvent(workspaceId, sessionId, types));
	}

	/**
	 * A status event's webhook name, which differs from its name on the stream.
	 */
	private static String webhookName(SessionEvent statusEvent) {
		if (statusEvent instanceof StatusRunning) {
			return "session.status_run_started";
		}
		if (statusEvent instanceof StatusIdle) {
			return "session.status_idled";
		}
		if (statusEvent instanceof StatusRescheduled) {
			return "session.status_rescheduled";
		}
		throw new IllegalArgumentException("not a status event: " + statusEvent.type());
	}

	private static String newId() {
		return Ids.next(SessionEvent.ID_PREFIX);
	}

	private static List<SessionEvent> events(List<LoggedEvent> logged) {
		return logged.stream().map(LoggedEvent::event).toList();
	}

	private Turn turn(SessionRow session, UserMessage message, long messageSeq, List<SessionEvent> earlier) {
		List<ResourceRow> resources = this.sessions.resources(List.of(session.id()))
			.getOrDefault(session.id(), List.of());
		return new Turn(session.id(), session.workspaceId(), session.agent(), SessionResources.mounts(resources),
				message, messageSeq, earlier, session.selfHosted());
	}

}
