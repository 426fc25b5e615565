package dev.memstore.dream;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.RecurringFailureLog;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs due dream schedules: when the next one it knows of is due, when a schedule is
 * created or changed on this instance, and at least every
 * {@code memstore.dreams.schedules.poll-interval}. Each run claims its schedule with
 * {@code FOR UPDATE SKIP LOCKED} in the transaction that creates the dream and moves the
 * schedule on, so any number of instances share the work and each due time runs once.
 */
@Component
class DreamScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(DreamScheduler.class);

	/**
	 * How soon to look again when a schedule is due but was not run here: another
	 * instance is running it.
	 */
	private static final Duration DUE_ELSEWHERE = Duration.ofSeconds(1);

	private final DreamScheduleService schedules;

	private final DreamScheduleProperties properties;

	private final RecurringFailureLog failures = new RecurringFailureLog(logger, "Running due dream schedules");

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition wake = this.lock.newCondition();

	private volatile boolean running;

	private boolean signaled;

	private Thread thread;

	DreamScheduler(DreamScheduleService schedules, DreamScheduleProperties properties) {
		this.schedules = schedules;
		this.properties = properties;
	}

	@TransactionalEventListener
	void onScheduleChanged(DreamScheduleService.ScheduleChanged changed) {
		this.lock.lock();
		try {
			this.signaled = true;
			this.wake.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::loop, "dream-scheduler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		while (this.running) {
			Duration wait;
			try {
				runDue();
				wait = untilNextDue();
				this.failures.succeeded();
			}
			catch (RuntimeException ex) {
				this.failures.failed(ex);
				wait = this.properties.pollInterval();
			}
			if (!await(wait)) {
				return;
			}
		}
	}

	/**
	 * Runs due schedules until none is left.
	 */
	void runDue() {
		while (this.running) {
			try {
				if (!this.schedules.runNextDue()) {
					return;
				}
			}
			catch (DreamScheduleService.RunFailed ex) {
				this.schedules.recordFailedRun(ex);
			}
		}
	}

	private Duration untilNextDue() {
		Duration poll = this.properties.pollInterval();
		Optional<Instant> next = this.schedules.earliestDue();
		if (next.isEmpty()) {
			return poll;
		}
		Duration until = Duration.between(Instant.now(), next.get());
		if (until.isNegative() || until.isZero()) {
			return DUE_ELSEWHERE;
		}
		return (until.compareTo(poll) < 0) ? until : poll;
	}

	private boolean await(Duration wait) {
		this.lock.lock();
		try {
			if (!this.signaled) {
				this.wake.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
			}
			this.signaled = false;
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
