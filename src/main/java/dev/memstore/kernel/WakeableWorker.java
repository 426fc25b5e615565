package dev.memstore.kernel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;

import org.springframework.context.SmartLifecycle;

/**
 * A background thread that works, then sleeps until it is woken ({@link #wake}) or its
 * wait runs out; a run of failures is logged once while it lasts. The dream starter, the
 * dream scheduler and the webhook dispatcher are three of them.
 */
public abstract class WakeableWorker implements SmartLifecycle {

	private final String threadName;

	private final RecurringFailureLog failures;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition wakeUp = this.lock.newCondition();

	private volatile boolean running;

	private boolean signaled;

	private Thread thread;

	/**
	 * @param task what the work is, as the start of a sentence in the failure log
	 */
	protected WakeableWorker(String threadName, Logger logger, String task) {
		this.threadName = threadName;
		this.failures = new RecurringFailureLog(logger, task);
	}

	/**
	 * Does the work there is.
	 * @return how long to sleep before looking again, unless woken
	 */
	protected abstract Duration work();

	/**
	 * How long to sleep after the work failed.
	 */
	protected abstract Duration afterFailure();

	/**
	 * Wakes the thread at once, or as soon as it next sleeps.
	 */
	public void wake() {
		this.lock.lock();
		try {
			this.signaled = true;
			this.wakeUp.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::loop, this.threadName);
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
				wait = work();
				this.failures.succeeded();
			}
			catch (RuntimeException ex) {
				this.failures.failed(ex);
				wait = afterFailure();
			}
			if (!sleep(wait)) {
				return;
			}
		}
	}

	private boolean sleep(Duration wait) {
		this.lock.lock();
		try {
			if (!this.signaled) {
				this.wakeUp.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
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
