package dev.memstore.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import dev.memstore.session.SessionEventService;
import dev.memstore.session.Turn;
import dev.memstore.session.TurnRequested;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turn jobs: created in the transaction that queues a user message, claimed by workers,
 * and removed only when the session has no message left, checked under the session's lock
 * so that a message queued meanwhile is never stranded.
 */
@Service
@Transactional
class TurnJobs {

	private final TurnJobRepository jobs;

	private final SessionEventService events;

	TurnJobs(TurnJobRepository jobs, SessionEventService events) {
		this.jobs = jobs;
		this.events = events;
	}

	@EventListener
	void onTurnRequested(TurnRequested request) {
		this.jobs.enqueue(request.sessionId());
	}

	Optional<String> claim(String workerId, Duration lease) {
		return this.jobs.claim(workerId, lease);
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
		return next;
	}

	void release(String sessionId, String workerId) {
		this.jobs.release(sessionId, workerId);
	}

}
