package dev.memstore.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.memstore.kernel.Ids;
import dev.memstore.session.SessionEvent.AgentMessage;
import dev.memstore.session.SessionEvent.ErrorEvent;
import dev.memstore.session.SessionEvent.StatusIdle;
import dev.memstore.session.TurnAnswer.OutputMessage;
import dev.memstore.session.TurnAnswer.Status;

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

	private final DeferredResult<TurnAnswer> result;

	private final List<SessionEvent> turnEvents = new ArrayList<>();

	private final Set<String> processedMessages = new java.util.HashSet<>();

	private final Supplier<List<SessionEvent>> waitingCalls;

	private volatile long lastSeq;

	/**
	 * @param messageIds the events sent: messages, or answers to the calls of a paused
	 * turn
	 * @param waitingCalls reads the calls the session waits on, when it pauses
	 */
	TurnWaiter(String sessionId, Set<String> messageIds, long lastSeq, DeferredResult<TurnAnswer> result,
			Supplier<List<SessionEvent>> waitingCalls) {
		this.sessionId = sessionId;
		this.messageIds = messageIds;
		this.lastSeq = lastSeq;
		this.result = result;
		this.waitingCalls = waitingCalls;
	}

	@Override
	public long lastSeq() {
		return this.lastSeq;
	}

	@Override
	public synchronized boolean deliver(List<LoggedEvent> events) {
		for (LoggedEvent logged : events) {
			if (logged.seq() <= this.lastSeq) {
				// Two deliveries may race; these were seen already.
				continue;
			}
			this.lastSeq = logged.seq();
			SessionEvent event = logged.event();
			if (this.messageIds.contains(event.id())) {
				this.processedMessages.add(event.id());
			}
			if (this.processedMessages.isEmpty()) {
				// Events of a turn that was running before these messages were processed.
				continue;
			}
			this.turnEvents.add(event);
			boolean allProcessed = this.processedMessages.size() == this.messageIds.size();
			if (allProcessed && event instanceof StatusIdle idle) {
				Status status = status(idle);
				this.result.setResult(
						answer(status, (status == Status.REQUIRES_ACTION) ? this.waitingCalls.get() : List.of()));
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
		this.result.setResult(answer(Status.FAILED, List.of()));
	}

	@Override
	public synchronized void close() {
		this.result.setResult(answer(Status.TIMED_OUT, List.of()));
	}

	/**
	 * The answer when the timeout expires first.
	 */
	synchronized TurnAnswer timedOut() {
		return answer(Status.TIMED_OUT, List.of());
	}

	private Status status(StatusIdle end) {
		if (end.stopReason() != null && end.stopReason().requiresAction()) {
			return Status.REQUIRES_ACTION;
		}
		boolean failedError = this.turnEvents.stream()
			.anyMatch((event) -> event instanceof ErrorEvent error
					&& error.error().retryStatus() != SessionError.RetryStatus.RETRYING);
		return (!failedError && StopReason.END_TURN.equals(end.stopReason())) ? Status.COMPLETED : Status.FAILED;
	}

	private TurnAnswer answer(Status status, List<SessionEvent> pendingCalls) {
		List<OutputMessage> output = new ArrayList<>();
		for (SessionEvent event : this.turnEvents) {
			if (event instanceof AgentMessage said && !said.content().isEmpty()) {
				output.add(new OutputMessage("assistant", said.content()));
			}
		}
		return new TurnAnswer(this.turnId, "turn", this.sessionId, status, output,
				this.turnEvents.stream().map(SessionEvent::id).toList(), pendingCalls);
	}

}
