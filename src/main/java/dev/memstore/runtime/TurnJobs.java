package dev.memstore.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import dev.memstore.session.SessionError;
import dev.memstore.session.SessionError.RetryStatus;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.StopReason;
import dev.memstore.session.Turn;
import dev.memstore.session.TurnEnded;
import dev.memstore.session.TurnRequested;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turn jobs: created in the transaction that queues a user message, claimed by workers,
 * and removed only when the session has no message left, checked under the session's lock
 * so that a message queued meanwhile is never stranded. A job also counts how often its
 * turn crashed a worker, so that a turn that keeps crashing them is ended instead of
 * taken up again.
 */
@Service
@Transactional
class TurnJobs {

	private final TurnJobRepository jobs;

	private final SessionEventService events;

	private final Counter started;

	private final MeterRegistry meters;

	TurnJobs(TurnJobRepository jobs, SessionEventService events, MeterRegistry meters) {
		this.jobs = jobs;
		this.events = events;
		this.meters = meters;
		this.started = Counter.builder("memstore.turns.started")
			.description("Turns started (a queued user message taken up by a worker)")
			.register(meters);
		Gauge.builder("memstore.turns.queued", jobs, TurnJobRepository::unclaimed)
			.description("Sessions whose queued work no worker holds yet, on every instance")
			.register(meters);
	}

	/**
	 * Counts a turn's end once it commits: by its stop reason, and whether it ended on an
	 * error.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	void onTurnEnded(TurnEnded ended) {
		Counter.builder("memstore.turns.ended")
			.description("Turns ended, by stop reason and outcome (failed: ended on a session.error)")
			.tag("stop_reason", ended.stopReason().type())
			.tag("outcome", (ended.error() != null) ? "failed" : "completed")
			.register(this.meters)
			.increment();
	}

	@EventListener
	void onTurnRequested(TurnRequested request) {
		this.jobs.enqueue(request.sessionId(), request.workspaceId());
	}

	Optional<TurnJobRepository.Claim> claim(String workerId, Duration lease, int workspaceShare) {
		return this.jobs.claim(workerId, lease, workspaceShare);
	}

	void heartbeat(String workerId, Collection<String> sessionIds) {
		this.jobs.heartbeat(workerId, sessionIds);
	}

	/**
	 * Starts the session's next turn, or, when no message waits, removes the job: in one
	 * transaction, under the session's lock, so that a message queued meanwhile is either
	 * seen here or wakes a worker after this commits.
	 * @return the turn, or empty when the job is done
	 */
	Optional<Turn> nextTurnOrFinish(String sessionId, String workerId) {
		Optional<Turn> next = this.events.startNextTurn(sessionId);
		if (next.isEmpty()) {
			this.jobs.delete(sessionId, workerId);
		}
		else {
			this.jobs.resetCrashes(sessionId);
			this.started.increment();
		}
		return next;
	}

	/**
	 * Counts a crash of the session's turn, and records it: the turn is retried, or, if
	 * it crashed workers {@code maxCrashes} times, ended as failed. Either way the job is
	 * handed back.
	 * @param what the error, as the session's {@code session.error} names it
	 */
	void crashed(String sessionId, String workerId, String what, int maxCrashes) {
		Optional<Integer> crashes = this.jobs.countCrash(sessionId, workerId);
		if (crashes.isEmpty() || !this.events.isInTurn(sessionId)) {
			return;
		}
		if (crashes.get() >= maxCrashes) {
			endCrashedTurn(sessionId, crashes.get(), what);
		}
		else {
			this.events.recordError(sessionId,
					new SessionError(SessionError.Type.UNKNOWN, "the turn crashed its worker (" + what
							+ "); it is taken up again (crash " + crashes.get() + " of " + maxCrashes + " allowed)",
							RetryStatus.RETRYING));
		}
		this.jobs.release(sessionId, workerId);
	}

	/**
	 * Ends a turn that crashed workers too often: it fails with
	 * {@code retries_exhausted}, and the session's next message starts afresh.
	 */
	void endCrashedTurn(String sessionId, int crashes, String what) {
		if (this.events.isInTurn(sessionId)) {
			this.events.endTurn(sessionId,
					new SessionError(SessionError.Type.UNKNOWN,
							"the turn crashed or stalled its worker " + crashes + " times (last: " + what
									+ ") and was ended (memstore.runtime.max-crashes)",
							RetryStatus.EXHAUSTED),
					StopReason.RETRIES_EXHAUSTED);
		}
		this.jobs.resetCrashes(sessionId);
	}

	void release(String sessionId, String workerId) {
		this.jobs.release(sessionId, workerId);
	}

}
