package dev.memstore.dream;

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
 * Begins pending dreams: at once for a dream created on this instance, and every
 * {@code memstore.dreams.poll-interval} for those created elsewhere or left pending by a
 * restart. Each dream is claimed with {@code FOR UPDATE SKIP LOCKED} in the transaction
 * that begins it, so any number of instances share the work and each dream begins once.
 */
@Component
class DreamStarter implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(DreamStarter.class);

	private final DreamService dreams;

	private final DreamProperties properties;

	private final RecurringFailureLog failures = new RecurringFailureLog(logger, "Beginning pending dreams");

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition wake = this.lock.newCondition();

	private volatile boolean running;

	private boolean signaled;

	private Thread thread;

	DreamStarter(DreamService dreams, DreamProperties properties) {
		this.dreams = dreams;
		this.properties = properties;
	}

	@TransactionalEventListener
	void onDreamCreated(DreamService.DreamCreated created) {
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
		this.thread = new Thread(this::loop, "dream-starter");
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
			try {
				beginPending();
				this.failures.succeeded();
			}
			catch (RuntimeException ex) {
				this.failures.failed(ex);
			}
			if (!awaitSignal()) {
				return;
			}
		}
	}

	/**
	 * Begins pending dreams until none is left.
	 */
	void beginPending() {
		while (this.running) {
			try {
				if (!this.dreams.beginNextPending()) {
					return;
				}
			}
			catch (DreamService.BeginFailed ex) {
				this.dreams.failToBegin(ex.dreamId(), ex.apiCause());
			}
		}
	}

	private boolean awaitSignal() {
		this.lock.lock();
		try {
			if (!this.signaled) {
				this.wake.await(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
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
