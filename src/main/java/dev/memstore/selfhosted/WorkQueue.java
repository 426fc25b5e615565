package dev.memstore.selfhosted;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.memstore.agent.EnvironmentService;
import dev.memstore.api.Caller;
import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.GeneratedSecrets;
import dev.memstore.kernel.IntegerParameters;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.Metadata;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.TextRules;
import dev.memstore.kernel.Timestamps;
import dev.memstore.session.SessionClosed;
import dev.memstore.session.SessionCreated;
import dev.memstore.session.SessionService;
import dev.memstore.session.TurnRequested;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work queue of self-hosted environments (protocol §4, items 5 to 11 and 16): an item
 * is queued when a session of such an environment is created, when a message reaches a
 * session without a live item, and when an item stops while its session's turn is
 * unfinished; workers poll for it, acknowledge it, hold it with heartbeats and stop it. A
 * lease that runs out puts the item back in the queue under the same id.
 */
@Service
@Transactional
class WorkQueue {

	static final String NO_HEARTBEAT = "NO_HEARTBEAT";

	static final int MAX_BLOCK_MS = 999;

	static final long DEFAULT_RECLAIM_MS = 5000;

	/** A day: longer than any worker would wait for an acknowledgement. */
	static final long MAX_RECLAIM_MS = 86_400_000;

	static final int MAX_WORKER_ID_LENGTH = 256;

	/** How far back a poll counts in {@code workers_polling}. */
	static final Duration POLLING_WINDOW = Duration.ofSeconds(30);

	private final WorkRepository work;

	private final WorkSignals signals;

	private final WorkMetrics metrics;

	private final SelfHostedProperties properties;

	private final EnvironmentService environments;

	private final SessionService sessions;

	private final ApplicationEventPublisher publisher;

	private final TransactionTemplate transaction;

	WorkQueue(WorkRepository work, WorkSignals signals, WorkMetrics metrics, SelfHostedProperties properties,
			EnvironmentService environments, SessionService sessions, ApplicationEventPublisher publisher,
			PlatformTransactionManager transactions) {
		this.work = work;
		this.signals = signals;
		this.metrics = metrics;
		this.properties = properties;
		this.environments = environments;
		this.sessions = sessions;
		this.publisher = publisher;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * A long poll: delivers the oldest offered item with a new sessions token, waiting up
	 * to {@code block_ms} for one to be queued. The wait holds no transaction.
	 * @return the item with its {@code secret}, or empty when none came in time
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	Optional<Work> poll(Caller caller, String environmentId, String blockMs, String reclaimOlderThanMs,
			String workerId) {
		int block = (blockMs == null) ? 0 : (int) IntegerParameters.parse("block_ms", blockMs, 1, MAX_BLOCK_MS);
		long reclaim = (reclaimOlderThanMs == null) ? DEFAULT_RECLAIM_MS
				: IntegerParameters.parse("reclaim_older_than_ms", reclaimOlderThanMs, 0, MAX_RECLAIM_MS);
		String worker = (workerId == null || workerId.isBlank()) ? null : workerId.trim();
		if (worker != null) {
			TextRules.requireValidText("Anthropic-Worker-ID", worker);
			TextRules.requireLength("Anthropic-Worker-ID", worker, 1, MAX_WORKER_ID_LENGTH);
		}
		String workspaceId = caller.workspaceId();
		if (worker != null) {
			this.transaction.executeWithoutResult(
					(status) -> this.work.polled(workspaceId, environmentId, worker, Timestamps.now()));
		}
		long deadline = System.nanoTime() + block * 1_000_000L;
		try {
			while (true) {
				WorkSignals.Seen seen = this.signals.seen(environmentId);
				Optional<Work> delivered = this.transaction
					.execute((status) -> deliver(workspaceId, environmentId, reclaim, worker));
				if (delivered.isPresent() || !this.signals.await(environmentId, seen, deadline)) {
					return delivered;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	private Optional<Work> deliver(String workspaceId, String environmentId, long reclaimMs, String workerId) {
		Instant now = Timestamps.now();
		int expired = this.work.requeueExpired(environmentId, now).size();
		this.metrics.leasesExpired(expired);
		String token = GeneratedSecrets.generate(SelfHostedSecrets.SESSIONS_TOKEN_PREFIX);
		Optional<WorkRow> row = this.work.deliverNext(workspaceId, environmentId,
				now.minus(reclaimMs, ChronoUnit.MILLIS), now, workerId, GeneratedSecrets.hash(token));
		row.ifPresent((delivered) -> this.metrics.delivered());
		return row.map((delivered) -> delivered.toWork(SelfHostedSecrets.workSecret(token)));
	}

	/**
	 * Acknowledges a delivered item: it leaves the queue and waits for its first
	 * heartbeat for the claim window.
	 */
	Work acknowledge(Caller caller, String environmentId, String workId) {
		WorkRow row = locked(caller, environmentId, workId);
		if (row.state() != WorkState.QUEUED) {
			throw new ApiException(ApiErrorType.CONFLICT,
					"work " + workId + " is " + row.state().wireName() + "; only a queued item can be acknowledged");
		}
		Instant now = Timestamps.now();
		this.work.acknowledge(workId, now, now.plus(this.properties.claimWindow()));
		return reread(caller, environmentId, workId);
	}

	/**
	 * Extends the holder's lease, or says why not: {@code lease_extended:false} once the
	 * item is stopping or stopped, 412 when {@code expected_last_heartbeat} is not the
	 * stored one (another worker claimed it, or its lease ran out).
	 */
	WorkHeartbeat heartbeat(Caller caller, String environmentId, String workId, String expected, String desiredTtl) {
		Integer desired = (desiredTtl == null) ? null
				: (int) IntegerParameters.parse("desired_ttl_seconds", desiredTtl, 0, Integer.MAX_VALUE);
		WorkRow row = locked(caller, environmentId, workId);
		int storedTtl = (row.ttlSeconds() != null) ? row.ttlSeconds() : this.properties.ttlSeconds(null);
		if (row.state() == WorkState.STOPPING || row.state() == WorkState.STOPPED) {
			return new WorkHeartbeat(WorkHeartbeat.TYPE, (row.lastHeartbeat() != null) ? row.lastHeartbeat() : "",
					false, row.state(), storedTtl);
		}
		Instant now = Timestamps.now();
		String stored = (row.lastHeartbeat() != null) ? row.lastHeartbeat() : NO_HEARTBEAT;
		if (row.state() == WorkState.QUEUED || row.leaseExpired(now)
				|| (expected != null && !expected.equals(stored))) {
			// Nothing is written: the sweep or the next poll puts an expired item back.
			throw preconditionFailed(workId, row, storedTtl,
					row.state() == WorkState.QUEUED ? "it is queued: acknowledge it first" : row.leaseExpired(now)
							? "its lease ran out"
							: "expected_last_heartbeat is not the stored heartbeat; another worker may hold the lease");
		}
		int ttl = this.properties.ttlSeconds(desired);
		String next = nextHeartbeat(now, row.lastHeartbeat());
		this.work.heartbeat(workId, now, next, ttl);
		return new WorkHeartbeat(WorkHeartbeat.TYPE, next, true, WorkState.ACTIVE, ttl);
	}

	/**
	 * Stops an item: at once with {@code force} (or when no worker holds it), otherwise
	 * gracefully (stopping: the holder's next heartbeat tells it to finish).
	 */
	Work stop(Caller caller, String environmentId, String workId, Boolean force) {
		WorkRow row = locked(caller, environmentId, workId);
		Instant now = Timestamps.now();
		switch (row.state()) {
			case STOPPED -> throw new ApiException(ApiErrorType.CONFLICT, "work " + workId + " is already stopped");
			case QUEUED -> stopNow(row, now);
			case STARTING, ACTIVE -> {
				if (Boolean.TRUE.equals(force)) {
					stopNow(row, now);
				}
				else {
					this.work.stopping(workId, now);
				}
			}
			case STOPPING -> {
				if (Boolean.TRUE.equals(force)) {
					stopNow(row, now);
				}
			}
		}
		return reread(caller, environmentId, workId);
	}

	private void stopNow(WorkRow row, Instant now) {
		this.work.stop(row.id(), now);
		this.publisher.publishEvent(new WorkStopped(row.workspaceId(), row.environmentId(), row.sessionId()));
	}

	@Transactional(readOnly = true)
	ListPage<Work> list(Caller caller, String environmentId, PageParams page) {
		String scope = "work|" + environmentId;
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		return ListPage.of(this.work.list(caller.workspaceId(), environmentId, after, page.limit()), page.limit(),
				(row) -> row.toWork(null),
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
	}

	@Transactional(readOnly = true)
	Work get(Caller caller, String environmentId, String workId) {
		return reread(caller, environmentId, workId);
	}

	/**
	 * Patches an item's metadata: a string sets a key, {@code null} removes it.
	 */
	Work update(Caller caller, String environmentId, String workId, Map<String, String> metadata) {
		WorkRow row = locked(caller, environmentId, workId);
		Map<String, String> patched = Metadata.patch(row.metadata(), metadata);
		if (!patched.equals(row.metadata())) {
			this.work.updateMetadata(workId, patched);
		}
		return reread(caller, environmentId, workId);
	}

	@Transactional(readOnly = true)
	WorkQueueStats stats(Caller caller, String environmentId) {
		this.environments.get(caller.workspaceId(), environmentId);
		return this.work.stats(caller.workspaceId(), environmentId, Timestamps.now().minus(POLLING_WINDOW));
	}

	/**
	 * Puts items whose lease ran out back in the queue, stops stopping items whose worker
	 * went silent, and forgets workers that have not polled for a day: the background
	 * sweep of every instance.
	 */
	void sweep() {
		Instant now = Timestamps.now();
		List<String> requeued = this.work.requeueExpired(null, now);
		this.metrics.leasesExpired(requeued.size());
		requeued.stream().distinct().forEach(this.signals::announce);
		for (WorkRow stopped : this.work.stopExpiredStopping(now)) {
			this.publisher
				.publishEvent(new WorkStopped(stopped.workspaceId(), stopped.environmentId(), stopped.sessionId()));
		}
		this.work.forgetPollersBefore(now.minus(Duration.ofDays(1)));
	}

	@EventListener
	void onSessionCreated(SessionCreated created) {
		if (created.selfHosted()) {
			queue(created.workspaceId(), created.environmentId(), created.sessionId());
		}
	}

	/**
	 * A message for a session of a self-hosted environment with no live item queues one
	 * ("long-dormant sessions receive new messages").
	 */
	@EventListener
	void onTurnRequested(TurnRequested requested) {
		if (requested.selfHosted()) {
			queue(requested.workspaceId(), requested.environmentId(), requested.sessionId());
		}
	}

	/**
	 * A deleted session's item stops at once. An archived session's item a worker holds
	 * stops gracefully: the worker reads the session as terminated, uploads what it still
	 * holds of the session's memory, and stops the item itself.
	 */
	@EventListener
	void onSessionClosed(SessionClosed closed) {
		this.work.stopLiveOf(closed.sessionId(), Timestamps.now(), !closed.deleted());
	}

	/**
	 * After an item stopped, in a transaction of its own that locks the session: queues a
	 * new item at once if the session's turn is unfinished, closing the race with a
	 * message that arrived as the worker left.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void onWorkStopped(WorkStopped stopped) {
		if (this.sessions.hasUnfinishedTurn(stopped.workspaceId(), stopped.sessionId())) {
			queue(stopped.workspaceId(), stopped.environmentId(), stopped.sessionId());
		}
	}

	/**
	 * Queues an item for a session unless it has a live one, and wakes the polls waiting
	 * on its environment.
	 */
	private void queue(String workspaceId, String environmentId, String sessionId) {
		if (this.work.queue(workspaceId, environmentId, sessionId, Timestamps.now())) {
			this.signals.announce(environmentId);
		}
	}

	private WorkRow locked(Caller caller, String environmentId, String workId) {
		return this.work.find(caller.workspaceId(), environmentId, workId, true)
			.orElseThrow(() -> notFound(environmentId, workId));
	}

	private Work reread(Caller caller, String environmentId, String workId) {
		return this.work.find(caller.workspaceId(), environmentId, workId, false)
			.orElseThrow(() -> notFound(environmentId, workId))
			.toWork(null);
	}

	private static ApiException notFound(String environmentId, String workId) {
		return ApiException.notFound("no work " + workId + " in environment " + environmentId);
	}

	/**
	 * The 412 the SDKs turn into their heartbeat-precondition error, with the lease as
	 * stored; {@code x-should-retry: false} comes with every deterministic 4xx.
	 */
	private static ApiException preconditionFailed(String workId, WorkRow row, int ttlSeconds, String why) {
		Map<String, Object> current = new LinkedHashMap<>();
		current.put("last_heartbeat", row.lastHeartbeat());
		current.put("lease_extended", false);
		current.put("state", row.state().wireName());
		current.put("ttl_seconds", ttlSeconds);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("error_code", "heartbeat_precondition_failed");
		details.put("current_state", current);
		return new ApiException(412, ApiErrorType.INVALID_REQUEST,
				"the heartbeat of work " + workId + " was refused: " + why)
			.with("details", details);
	}

	/**
	 * A new opaque heartbeat value: the heartbeat's time, moved on by a microsecond when
	 * it equals the last, so that each value is unique per item.
	 */
	private static String nextHeartbeat(Instant now, String last) {
		String next = now.toString();
		return next.equals(last) ? now.plus(1, ChronoUnit.MICROS).toString() : next;
	}

}
