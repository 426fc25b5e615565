package dev.memstore.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.kernel.RecurringFailureLog;
import dev.memstore.sandbox.ToolBudget;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.Turn;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The tool calls running on this instance, watched so that a user's interrupt or a
 * shutdown stops one in the middle instead of after it: a turn checks for both only
 * between its steps, and one call may run for {@code memstore.runtime.tool-call-timeout}.
 * Calls shorter than one look cost nothing: only those still running when it comes are
 * asked about, in one statement each.
 */
@Component
class RunningCalls implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RunningCalls.class);

	/**
	 * How often running calls are looked at: an interrupt stops a call within about this
	 * long.
	 */
	private static final long LOOK_MILLIS = 200;

	private final SessionEventService events;

	private final Set<Watch> running = ConcurrentHashMap.newKeySet();

	private final RecurringFailureLog lookFailures = new RecurringFailureLog(logger, "Watching running tool calls");

	private ScheduledExecutorService looks;

	RunningCalls(SessionEventService events) {
		this.events = events;
	}

	/**
	 * Watches a call until the returned watch is closed.
	 * @param stopping whether the worker running it is stopping
	 */
	Watch watch(Turn turn, ToolBudget budget, BooleanSupplier stopping) {
		Watch watch = new Watch(turn.sessionId(), turn.message().seq(), budget, stopping);
		this.running.add(watch);
		return watch;
	}

	@Override
	public synchronized void start() {
		this.looks = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "memstore-call-watch");
			thread.setDaemon(true);
			return thread;
		});
		this.looks.scheduleWithFixedDelay(this::look, LOOK_MILLIS, LOOK_MILLIS, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		this.running.forEach((watch) -> watch.stop(Cause.STOPPING));
		this.looks.shutdownNow();
		this.looks = null;
	}

	@Override
	public boolean isRunning() {
		return this.looks != null;
	}

	/**
	 * Stops after the turn workers: while they stop, it stops their calls in progress, so
	 * that those end at once and their turns are handed back.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 1;
	}

	private void look() {
		long now = System.nanoTime();
		try {
			for (Watch watch : this.running) {
				if (now - watch.started < TimeUnit.MILLISECONDS.toNanos(LOOK_MILLIS)) {
					continue;
				}
				if (watch.stopping.getAsBoolean()) {
					watch.stop(Cause.STOPPING);
				}
				else if (this.events.interruptedAfter(watch.sessionId, watch.messageSeq)) {
					watch.stop(Cause.INTERRUPTED);
				}
			}
			this.lookFailures.succeeded();
		}
		catch (RuntimeException ex) {
			// The call still ends at its deadline.
			this.lookFailures.failed(ex);
		}
	}

	/**
	 * Why a call was stopped before its end.
	 */
	enum Cause {

		INTERRUPTED("the user interrupted the turn"),

		STOPPING("memstore is stopping; the turn resumes on another worker");

		private final String reason;

		Cause(String reason) {
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

	/**
	 * One call being watched.
	 */
	final class Watch implements AutoCloseable {

		private final String sessionId;

		private final long messageSeq;

		private final ToolBudget budget;

		private final BooleanSupplier stopping;

		private final long started = System.nanoTime();

		private volatile Cause cause;

		private Watch(String sessionId, long messageSeq, ToolBudget budget, BooleanSupplier stopping) {
			this.sessionId = sessionId;
			this.messageSeq = messageSeq;
			this.budget = budget;
			this.stopping = stopping;
		}

		/**
		 * Why the call was stopped, or {@code null} if it ran to its end or its deadline.
		 */
		Cause cause() {
			return this.cause;
		}

		private void stop(Cause why) {
			if (this.cause == null) {
				this.cause = why;
				this.budget.cancel("the call was stopped: " + why.reason() + "; nothing it changed was kept");
			}
		}

		@Override
		public void close() {
			RunningCalls.this.running.remove(this);
		}

	}

}
