package dev.memstore.kernel;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Logs a run of failures of the same task, such as every request or poll while the
 * database is down, as one warning when it starts, a reminder now and then while it
 * lasts, and one line when the task works again, instead of a line (or a stack trace) per
 * failure: an outage of minutes would otherwise bury everything else in the log.
 */
public final class RecurringFailureLog {

	static final Duration REMINDER = Duration.ofMinutes(1);

	private final Logger logger;

	private final String task;

	private final LongSupplier nanoTime;

	private volatile boolean failing;

	private long failures;

	private long firstFailure;

	private long lastReport;

	/**
	 * @param task what fails, as the start of a sentence, e.g. "Claiming turn work"
	 */
	public RecurringFailureLog(Logger logger, String task) {
		this(logger, task, System::nanoTime);
	}

	RecurringFailureLog(Logger logger, String task, LongSupplier nanoTime) {
		this.logger = logger;
		this.task = task;
		this.nanoTime = nanoTime;
	}

	/**
	 * Records a failure.
	 * @return whether it starts a run of failures (the task worked before it)
	 */
	public synchronized boolean failed(Throwable failure) {
		long now = this.nanoTime.getAsLong();
		this.failures++;
		if (!this.failing) {
			this.failing = true;
			this.firstFailure = now;
			this.lastReport = now;
			this.logger.warn("{} failed: {}", this.task, describe(failure));
			return true;
		}
		else if (now - this.lastReport >= REMINDER.toNanos()) {
			this.lastReport = now;
			this.logger.warn("{} still fails ({} failures in {} s): {}", this.task, this.failures,
					seconds(now - this.firstFailure), describe(failure));
		}
		else {
			this.logger.debug("{} failed again: {}", this.task, describe(failure));
		}
		return false;
	}

	public void succeeded() {
		// Read without the lock: this runs on every success, and nearly always finds
		// nothing to report.
		if (!this.failing) {
			return;
		}
		synchronized (this) {
			if (this.failing) {
				this.logger.info("{} works again after {} failures in {} s", this.task, this.failures,
						seconds(this.nanoTime.getAsLong() - this.firstFailure));
				this.failing = false;
				this.failures = 0;
			}
		}
	}

	/**
	 * Whether the task's last attempt failed.
	 */
	public boolean isFailing() {
		return this.failing;
	}

	private static long seconds(long nanos) {
		return Duration.ofNanos(nanos).toSeconds();
	}

	/**
	 * The innermost message, which names the reason ("Connection refused"), after the
	 * outermost, which names what was being done.
	 */
	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String outer = String.valueOf(failure.getMessage());
		return (root == failure || outer.contains(String.valueOf(root.getMessage()))) ? outer
				: outer + " (" + root.getMessage() + ")";
	}

}
