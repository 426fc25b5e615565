package dev.memstore.runtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.api.DatabaseFailures;
import dev.memstore.api.RecurringFailureLog;
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
 */
@Component
class TurnWorkers implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TurnWorkers.class);

	private final TurnJobs jobs;

	private final SessionEventService events;

	private final TurnRunner runner;

	private final RuntimeProperties properties;

	private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/"
			+ UUID.randomUUID().toString().substring(0, 8);

	private final Set<String> active = ConcurrentHashMap.newKeySet();

	/**
	 * Sessions whose turns stopped for want of the database: handed back as soon as it
	 * answers again, so that they resume at once instead of after their lease.
	 */
	private final Set<String> interrupted = ConcurrentHashMap.newKeySet();

	private final Object wakeUp = new Object();

	/**
	 * Wake-ups not yet taken by a waiting worker (guarded by {@link #wakeUp}): work
	 * queued while every worker was busy is claimed by the next one to look, without a
	 * poll.
	 */
	private int wakeUps;

	private final RecurringFailureLog claimFailures = new RecurringFailureLog(logger, "Claiming turn work");

	private final RecurringFailureLog heartbeatFailures = new RecurringFailureLog(logger, "Heartbeat of turn work");

	private volatile boolean running;

	private List<Thread> threads = List.of();

	private ScheduledExecutorService heartbeats;

	TurnWorkers(TurnJobs jobs, SessionEventService events, TurnRunner runner, RuntimeProperties properties) {
		this.jobs = jobs;
		this.events = events;
		this.runner = runner;
		this.properties = properties;
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
		List<Thread> started = new ArrayList<>();
		for (int i = 0; i < this.properties.workers(); i++) {
			Thread thread = new Thread(this::work, "memstore-turn-worker-" + i);
			thread.setDaemon(true);
			thread.start();
			started.add(thread);
		}
		this.threads = started;
		this.heartbeats = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "memstore-turn-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.heartbeatInterval().toMillis();
		this.heartbeats.scheduleWithFixedDelay(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
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
		for (Thread thread : this.threads) {
			try {
				thread.join(10_000);
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

	boolean isStopping() {
		return !this.running;
	}

	private void work() {
		while (this.running) {
			Optional<String> claimed = Optional.empty();
			try {
				handBackInterrupted();
				claimed = this.jobs.claim(this.workerId, this.properties.leaseTimeout());
				this.claimFailures.succeeded();
			}
			catch (RuntimeException ex) {
				this.claimFailures.failed(ex);
			}
			if (claimed.isPresent()) {
				runSession(claimed.get());
			}
			else {
				synchronized (this.wakeUp) {
					try {
						if (this.wakeUps == 0) {
							this.wakeUp.wait(this.properties.pollInterval().toMillis());
						}
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					if (this.wakeUps > 0) {
						this.wakeUps--;
					}
				}
			}
		}
	}

	private void runSession(String sessionId) {
		this.active.add(sessionId);
		try {
			if (this.events.isInTurn(sessionId)) {
				this.events.resumeTurn(sessionId).ifPresent((turn) -> this.runner.run(turn, this::isStopping));
			}
			while (this.running) {
				Optional<Turn> next = this.jobs.nextTurnOrFinish(sessionId, this.workerId);
				if (next.isEmpty()) {
					return;
				}
				this.runner.run(next.get(), this::isStopping);
			}
			this.jobs.release(sessionId, this.workerId);
		}
		catch (TurnRunner.WorkerStopped ex) {
			this.jobs.release(sessionId, this.workerId);
		}
		catch (RuntimeException ex) {
			if (DatabaseFailures.isUnavailable(ex)) {
				this.interrupted.add(sessionId);
				logger.warn("Running the turns of session {} stopped: the database is unavailable ({}); "
						+ "they resume when it is back", sessionId, ex.getMessage());
			}
			else {
				// The job stays claimed; once its lease runs out, a worker takes it up
				// again.
				logger.error("Running the turns of session {} failed", sessionId, ex);
			}
		}
		finally {
			this.active.remove(sessionId);
		}
	}

	private void handBackInterrupted() {
		for (String sessionId : this.interrupted) {
			this.jobs.release(sessionId, this.workerId);
			this.interrupted.remove(sessionId);
		}
	}

	private void heartbeat() {
		List<String> sessions = List.copyOf(this.active);
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

}
