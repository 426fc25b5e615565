package dev.memstore.runtime;

import java.time.Duration;
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
 * <p>
 * A call is work of the CPU (matching patterns over whole stores), so the calls of one
 * workspace compute at most {@code memstore.runtime.workspace-tool-calls} at a time on
 * this instance: however busy one workspace keeps its workers, the others' turns find a
 * free core.
 */
@Component
class RunningCalls implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RunningCalls.class);

	/**
	 * How often running calls are looked at: an interrupt stops a call within about this
	 * long.
	 */
	private static final long LOOK_MILLIS = 200;

	/**
	 * How long a call waiting for its turn to compute sleeps before it looks again: long
	 * enough to cost nothing, short enough that a call whose time ran out frees its place
	 * at once.
	 */
	private static final long WAIT_MILLIS = 50;

	private final SessionEventService events;

	private final int workspaceToolCalls;

	private final Set<Watch> running = ConcurrentHashMap.newKeySet();

	/**
	 * Guards which calls compute, and is notified when one stops computing.
	 */
	private final Object computing = new Object();

	private final RecurringFailureLog lookFailures = new RecurringFailureLog(logger, "Watching running tool calls");

	private ScheduledExecutorService looks;

	RunningCalls(SessionEventService events, RuntimeProperties properties) {
		this.events = events;
		this.workspaceToolCalls = properties.effectiveWorkspaceToolCalls();
	}

	/**
	 * Watches a call until the returned watch is closed.
	 * @param stopping whether the worker running it is stopping
	 */
	Watch watch(Turn turn, ToolBudget budget, BooleanSupplier stopping) {
		return watch(turn.workspaceId(), turn.sessionId(), turn.messageSeq(), budget, stopping);
	}

	Watch watch(String workspaceId, String sessionId, long messageSeq, ToolBudget budget, BooleanSupplier stopping) {
		Watch watch = new Watch(workspaceId, sessionId, messageSeq, budget, stopping);
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

		private final String workspaceId;

		private final String sessionId;

		private final long messageSeq;

		private final ToolBudget budget;

		private final BooleanSupplier stopping;

		private final long started = System.nanoTime();

		private volatile Cause cause;

		private volatile boolean computes;

		private Watch(String workspaceId, String sessionId, long messageSeq, ToolBudget budget,
				BooleanSupplier stopping) {
			this.workspaceId = workspaceId;
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

		/**
		 * Waits until fewer calls of the call's workspace compute than it may run at
		 * once, and counts this one among them until it is closed; the call's time then
		 * starts: waiting is not its work (the turn's tool time counts it). A call whose
		 * time ran out no longer counts, even if it never returns. Fairness is not worth
		 * a failed call: after waiting as long as the call may run, it runs anyway.
		 * Returns at once when the call is stopped meanwhile: it then ends as its budget
		 * says.
		 */
		void awaitTurnToCompute(Duration longestWait) {
			long until = System.nanoTime() + longestWait.toNanos();
			synchronized (RunningCalls.this.computing) {
				while (this.budget.cancellation() == null) {
					long others = RunningCalls.this.running.stream()
						.filter((other) -> other != this && other.computes && !other.budget.isExpired()
								&& other.workspaceId.equals(this.workspaceId))
						.count();
					if (others < RunningCalls.this.workspaceToolCalls || System.nanoTime() - until > 0) {
						this.computes = true;
						this.budget.startNow();
						return;
					}
					try {
						RunningCalls.this.computing.wait(WAIT_MILLIS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			}
		}

		/**
		 * Whether the call counts among those of its workspace that compute.
		 */
		boolean computes() {
			return this.computes;
		}

		@Override
		public void close() {
			RunningCalls.this.running.remove(this);
			if (this.computes) {
				synchronized (RunningCalls.this.computing) {
					this.computes = false;
					RunningCalls.this.computing.notifyAll();
				}
			}
		}

	}

}
