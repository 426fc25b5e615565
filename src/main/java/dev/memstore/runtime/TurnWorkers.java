package dev.memstore.runtime;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.DatabaseFailures;
import dev.memstore.kernel.RecurringFailureLog;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.Turn;
import dev.memstore.session.TurnRequested;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The workers of this instance: each claims a session with work, runs its turns one after
 * the other until no message waits, and heartbeats meanwhile. Work queued here wakes them
 * at once; work queued or abandoned by other instances is found by polling.
 * <p>
 * Nothing a turn does stops a worker: whatever it throws, errors of the JVM included, is
 * recorded as the turn's crash and the worker goes on; a turn that crashed workers
 * {@code memstore.runtime.max-crashes} times is ended instead of taken up again. A worker
 * that stops making progress (a step that never returns) is given up and replaced, so the
 * pool never shrinks. No workspace holds more than its share of the workers.
 */
@Component
class TurnWorkers implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TurnWorkers.class);

	private final TurnJobs jobs;

	private final SessionEventService events;

	private final TurnRunner runner;

	private final RuntimeProperties properties;

	/**
	 * How long a worker may go without a step before it is deemed stuck: longer than any
	 * step may take (a model request, a tool call tried again after races, a statement
	 * the database is slow to answer), plus the lease.
	 */
	private final Duration stuckAfter;

	private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/"
			+ UUID.randomUUID().toString().substring(0, 8);

	/**
	 * Sessions whose turns stopped for want of the database: handed back as soon as it
	 * answers again, so that they resume at once instead of after their lease.
	 */
	private final Set<String> interrupted = ConcurrentHashMap.newKeySet();

	private final Object wakeUp = new Object();

	/**
	 * Claims are made one at a time, so that two workers of this instance never both take
	 * the last place of a workspace's share; workers are replaced under it too.
	 */
	private final Object claiming = new Object();

	/**
	 * Wake-ups not yet taken by a waiting worker (guarded by {@link #wakeUp}): work
	 * queued while every worker was busy is claimed by the next one to look, without a
	 * poll.
	 */
	private int wakeUps;

	private final AtomicInteger replaced = new AtomicInteger();

	private final RecurringFailureLog claimFailures = new RecurringFailureLog(logger, "Claiming turn work");

	private final RecurringFailureLog heartbeatFailures = new RecurringFailureLog(logger, "Heartbeat of turn work");

	private volatile boolean running;

	/**
	 * The workers, replaced whole (under {@link #claiming}) when one of them is.
	 */
	private volatile Worker[] workers = new Worker[0];

	private ScheduledExecutorService heartbeats;

	TurnWorkers(TurnJobs jobs, SessionEventService events, TurnRunner runner, RuntimeProperties properties,
			ClaudeProperties claudeProperties) {
		this.jobs = jobs;
		this.events = events;
		this.runner = runner;
		this.properties = properties;
		Duration longestStep = claudeProperties.requestTimeout();
		Duration toolCall = properties.toolCallTimeout().multipliedBy(ToolCalls.ATTEMPTS);
		this.stuckAfter = ((toolCall.compareTo(longestStep) > 0) ? toolCall : longestStep)
			.plus(properties.leaseTimeout());
	}

	/**
	 * Wakes one worker: waking all of them would send every idle one to claim the same
	 * job, and all but one would find nothing.
	 */
	@TransactionalEventListener
	void onTurnRequested(TurnRequested request) {
		synchronized (this.wakeUp) {
			this.wakeUps = Math.min(this.wakeUps + 1, this.properties.workers());
			this.wakeUp.notify();
		}
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Worker[] started = new Worker[this.properties.workers()];
		for (int i = 0; i < started.length; i++) {
			started[i] = new Worker(i);
		}
		this.workers = started;
		this.heartbeats = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "memstore-turn-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.heartbeatInterval().toMillis();
		this.heartbeats.scheduleWithFixedDelay(this::heartbeatSafely, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops taking work. A turn in progress stops at its next step, and its session is
	 * handed back for any worker to resume.
	 */
	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		synchronized (this.wakeUp) {
			this.wakeUp.notifyAll();
		}
		for (Worker worker : this.workers) {
			try {
				worker.thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.heartbeats.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * What the workers of this instance are doing, for the operator.
	 */
	TurnWorkersView view() {
		Worker[] current = this.workers;
		int alive = 0;
		int busy = 0;
		for (Worker worker : current) {
			alive += worker.thread.isAlive() ? 1 : 0;
			busy += (worker.session != null) ? 1 : 0;
		}
		return new TurnWorkersView("turn_workers", this.properties.workers(), alive, busy, this.replaced.get(),
				this.properties.effectiveWorkspaceShare());
	}

	private Optional<TurnJobRepository.Claim> claim() {
		synchronized (this.claiming) {
			return this.jobs.claim(this.workerId, this.properties.leaseTimeout(),
					this.properties.effectiveWorkspaceShare());
		}
	}

	private void handBackInterrupted() {
		for (String sessionId : this.interrupted) {
			this.jobs.release(sessionId, this.workerId);
			this.interrupted.remove(sessionId);
		}
	}

	/**
	 * A scheduled task that throws is never run again: nothing may stop the heartbeat.
	 */
	private void heartbeatSafely() {
		try {
			heartbeat();
		}
		catch (Throwable ex) {
			logger.error("The heartbeat of turn workers failed; it runs again in {}",
					this.properties.heartbeatInterval(), ex);
		}
	}

	/**
	 * Proves that the workers' sessions are still in hand, and replaces any worker that
	 * died or stopped making progress; a stuck worker's session then gets no heartbeat,
	 * so that once its lease runs out another worker takes its turn over as crashed.
	 */
	private void heartbeat() {
		List<String> sessions = new ArrayList<>();
		synchronized (this.claiming) {
			if (!this.running) {
				return;
			}
			Worker[] current = this.workers.clone();
			for (int i = 0; i < current.length; i++) {
				Worker worker = current[i];
				String session = worker.session;
				if (!worker.thread.isAlive()) {
					logger.error("Turn worker {} died; it is replaced", worker.thread.getName());
					current[i] = new Worker(i);
					this.replaced.incrementAndGet();
				}
				else if (session != null && worker.idleFor() > this.stuckAfter.toNanos()) {
					logger.error(
							"Turn worker {} made no progress on session {} for {} s; it is given up and replaced,"
									+ " and the turn is taken over as crashed once its lease runs out",
							worker.thread.getName(), session, TimeUnit.NANOSECONDS.toSeconds(worker.idleFor()));
					worker.abandoned = true;
					current[i] = new Worker(i);
					this.replaced.incrementAndGet();
				}
				else if (session != null) {
					sessions.add(session);
				}
			}
			this.workers = current;
		}
		if (sessions.isEmpty()) {
			// Not even a transaction: an idle instance need not reach the database.
			return;
		}
		try {
			this.jobs.heartbeat(this.workerId, sessions);
			this.heartbeatFailures.succeeded();
		}
		catch (RuntimeException ex) {
			this.heartbeatFailures.failed(ex);
		}
	}

	/**
	 * One worker thread, and what it is doing.
	 */
	private final class Worker implements Runnable {

		private final Thread thread;

		/**
		 * The session whose turns it runs, or {@code null} while it looks for work.
		 */
		private volatile String session;

		private volatile long progressAt = System.nanoTime();

		/**
		 * Set when it was deemed stuck and replaced: if it ever comes back, it must not
		 * record anything more.
		 */
		private volatile boolean abandoned;

		Worker(int slot) {
			this.thread = new Thread(this, "memstore-turn-worker-" + slot);
			this.thread.setDaemon(true);
			this.thread.start();
		}

		/**
		 * Asked by the worker before every step of a turn, so that it also marks the
		 * worker's progress; others (who watch a call in progress) only ask.
		 */
		boolean isStopping() {
			if (Thread.currentThread() == this.thread) {
				this.progressAt = System.nanoTime();
			}
			return !TurnWorkers.this.running || this.abandoned;
		}

		long idleFor() {
			return System.nanoTime() - this.progressAt;
		}

		@Override
		public void run() {
			while (TurnWorkers.this.running && !this.abandoned) {
				try {
					Optional<TurnJobRepository.Claim> claimed = Optional.empty();
					try {
						handBackInterrupted();
						claimed = claim();
						TurnWorkers.this.claimFailures.succeeded();
					}
					catch (RuntimeException ex) {
						TurnWorkers.this.claimFailures.failed(ex);
					}
					if (claimed.isPresent()) {
						runSession(claimed.get());
					}
					else if (!waitForWork()) {
						return;
					}
				}
				catch (Throwable ex) {
					// Whatever escaped, this worker goes on with the next job.
					logger.error("Turn worker {} failed outside a turn", this.thread.getName(), ex);
				}
			}
		}

		/**
		 * @return false if the thread was interrupted
		 */
		private boolean waitForWork() {
			synchronized (TurnWorkers.this.wakeUp) {
				try {
					if (TurnWorkers.this.wakeUps == 0) {
						TurnWorkers.this.wakeUp.wait(TurnWorkers.this.properties.pollInterval().toMillis());
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
				if (TurnWorkers.this.wakeUps > 0) {
					TurnWorkers.this.wakeUps--;
				}
			}
			return true;
		}

		private void runSession(TurnJobRepository.Claim claim) {
			String sessionId = claim.sessionId();
			this.progressAt = System.nanoTime();
			this.session = sessionId;
			try {
				if (claim.crashes() >= TurnWorkers.this.properties.maxCrashes()) {
					TurnWorkers.this.jobs.endCrashedTurn(sessionId, claim.crashes(),
							"its worker stopped heartbeating within the lease");
				}
				else if (TurnWorkers.this.events.isInTurn(sessionId)) {
					TurnWorkers.this.events.resumeTurn(sessionId)
						.ifPresent((turn) -> TurnWorkers.this.runner.run(turn, this::isStopping));
				}
				while (!isStopping()) {
					Optional<Turn> next = TurnWorkers.this.jobs.nextTurnOrFinish(sessionId, TurnWorkers.this.workerId);
					if (next.isEmpty()) {
						return;
					}
					TurnWorkers.this.runner.run(next.get(), this::isStopping);
				}
				handBack(sessionId);
			}
			catch (TurnRunner.WorkerStopped ex) {
				handBack(sessionId);
			}
			catch (RuntimeException ex) {
				if (DatabaseFailures.isUnavailable(ex)) {
					TurnWorkers.this.interrupted.add(sessionId);
					logger.warn("Running the turns of session {} stopped: the database is unavailable ({}); "
							+ "they resume when it is back", sessionId, ex.getMessage());
				}
				else {
					crashed(sessionId, ex);
				}
			}
			catch (Throwable ex) {
				crashed(sessionId, ex);
			}
			finally {
				this.session = null;
			}
		}

		/**
		 * Hands the session back for any worker to resume, unless this worker was given
		 * up: the session is someone else's by now.
		 */
		private void handBack(String sessionId) {
			if (!this.abandoned) {
				TurnWorkers.this.jobs.release(sessionId, TurnWorkers.this.workerId);
			}
		}

		/**
		 * Records that the session's turn crashed this worker, which goes on: the turn is
		 * retried by whichever worker claims it next, or ended if it crashed too often.
		 * Should even that fail, the job stays claimed without a heartbeat, and is taken
		 * over as crashed once its lease runs out.
		 */
		private void crashed(String sessionId, Throwable crash) {
			logger.error("The turn of session {} crashed worker {}", sessionId, this.thread.getName(), crash);
			if (this.abandoned) {
				return;
			}
			try {
				TurnWorkers.this.jobs.crashed(sessionId, TurnWorkers.this.workerId, crash.getClass().getSimpleName(),
						TurnWorkers.this.properties.maxCrashes());
			}
			catch (Throwable ex) {
				logger.error("Recording the crash of session {} failed", sessionId, ex);
			}
		}

	}

}
