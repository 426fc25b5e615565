package dev.memstore.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.agent.AgentModel;
import dev.memstore.dream.DreamService;
import dev.memstore.dream.DreamWork;
import dev.memstore.kernel.DatabaseFailures;
import dev.memstore.session.ModelUsage;
import dev.memstore.session.SessionError;
import dev.memstore.session.SessionError.RetryStatus;
import dev.memstore.session.SessionEvent.ModelRequestStart;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.StopReason;
import dev.memstore.session.Turn;

import org.springframework.stereotype.Component;

/**
 * Runs one turn on the model the agent names: Claude when a key is configured, the
 * offline agent otherwise or when the agent asks for it. A turn whose model request
 * failed for a passing reason is rescheduled and resumed after a backoff; one that failed
 * for any other reason is tried again at once; when the attempts run out the session goes
 * idle with {@code retries_exhausted}.
 */
@Component
class TurnRunner {

	private static final Logger logger = LoggerFactory.getLogger(TurnRunner.class);

	private static final Duration PAUSE_STEP = Duration.ofMillis(100);

	private final SessionEventService events;

	private final ToolCalls toolCalls;

	private final OfflineAgent offlineAgent = new OfflineAgent();

	private final ClaudeAgent claudeAgent;

	private final DreamService dreams;

	private final OfflineDreamer offlineDreamer;

	private final RuntimeProperties properties;

	private final ClaudeProperties claudeProperties;

	private final MeterRegistry meters;

	TurnRunner(SessionEventService events, ToolCalls toolCalls, ClaudeAgent claudeAgent, DreamService dreams,
			RuntimeProperties properties, ClaudeProperties claudeProperties, MeterRegistry meters) {
		this.meters = meters;
		this.events = events;
		this.toolCalls = toolCalls;
		this.claudeAgent = claudeAgent;
		this.dreams = dreams;
		this.offlineDreamer = new OfflineDreamer(dreams);
		this.properties = properties;
		this.claudeProperties = claudeProperties;
	}

	/**
	 * Runs the turn to its end.
	 * @param stopping tells when this instance is shutting down: the turn then stops at
	 * its next step, to be resumed elsewhere
	 * @throws WorkerStopped when it stopped for that reason
	 */
	void run(Turn turn, BooleanSupplier stopping) {
		Timer.Sample running = Timer.start(this.meters);
		try {
			runTurn(turn, stopping);
		}
		finally {
			running.stop(Timer.builder("memstore.turn.duration")
				.description("Time a worker spends on a turn: until it ends, pauses for the application, or is handed "
						+ "back")
				.register(this.meters));
		}
	}

	private void runTurn(Turn turn, BooleanSupplier stopping) {
		Turn attempt = turn;
		int failures = 0;
		int modelRetries = 0;
		while (true) {
			try {
				runOnce(attempt, stopping);
				return;
			}
			catch (WorkerStopped ex) {
				throw ex;
			}
			catch (RecordingTurnContext.Paused ex) {
				// The turn waits for the application; no worker waits with it. It goes on
				// at once if every answer arrived meanwhile.
				Optional<Turn> goOn = this.events.pauseTurn(turn.sessionId());
				if (goOn.isEmpty()) {
					return;
				}
				attempt = goOn.get();
				continue;
			}
			catch (RecordingTurnContext.Interrupted ex) {
				// The user interrupted: the turn ends here, as an ordinary end of turn.
				this.events.endTurn(turn.sessionId(), StopReason.END_TURN);
				return;
			}
			catch (TurnLimits.Reached ex) {
				this.events.endTurn(turn.sessionId(), limitReached(ex), StopReason.RETRIES_EXHAUSTED);
				return;
			}
			catch (ModelFailure ex) {
				logger.info("Model request of session {} failed: {}", turn.sessionId(), ex.getMessage());
				if (!ex.retryable()) {
					this.events.endTurn(turn.sessionId(),
							new SessionError(ex.errorType(), ex.getMessage(), RetryStatus.TERMINAL),
							StopReason.END_TURN);
					return;
				}
				modelRetries++;
				boolean retry = modelRetries <= this.claudeProperties.maxRetries();
				if (!retry) {
					this.events.endTurn(turn.sessionId(),
							new SessionError(ex.errorType(), ex.getMessage(), RetryStatus.EXHAUSTED),
							StopReason.RETRIES_EXHAUSTED);
					return;
				}
				this.events.recordError(turn.sessionId(),
						new SessionError(ex.errorType(), ex.getMessage(), RetryStatus.RETRYING));
				this.events.reschedule(turn.sessionId());
				if (!pause(backoff(modelRetries, ex.retryAfter()), turn, stopping)) {
					this.events.endTurn(turn.sessionId(), StopReason.END_TURN);
					return;
				}
			}
			catch (RuntimeException ex) {
				if (DatabaseFailures.isUnavailable(ex)) {
					// Not the turn's fault, and nothing can be recorded: the worker
					// hands the session back, and the turn resumes from its recorded
					// steps when the database is back.
					throw ex;
				}
				failures++;
				logger.warn("Turn of session {} failed (attempt {} of {})", turn.sessionId(), failures,
						this.properties.maxAttempts(), ex);
				boolean retry = failures < this.properties.maxAttempts();
				SessionError error = new SessionError(SessionError.Type.UNKNOWN, "the turn failed: " + ex.getMessage(),
						retry ? RetryStatus.RETRYING : RetryStatus.EXHAUSTED);
				if (!retry) {
					this.events.endTurn(turn.sessionId(), error, StopReason.RETRIES_EXHAUSTED);
					return;
				}
				this.events.recordError(turn.sessionId(), error);
			}
			Optional<Turn> resumed = this.events.resumeTurn(turn.sessionId());
			if (resumed.isEmpty()) {
				return;
			}
			attempt = resumed.get();
		}
	}

	/**
	 * Runs the turn and ends it: the session goes idle.
	 */
	private void runOnce(Turn turn, BooleanSupplier stopping) {
		DreamWork dream = null;
		if (DreamService.AGENT_ID.equals(turn.agent().id())) {
			Optional<DreamWork> work = this.dreams.workFor(turn.sessionId());
			if (work.isEmpty() || !work.get().running()) {
				// The dream was canceled before its turn began.
				this.events.endTurn(turn.sessionId(), StopReason.END_TURN);
				return;
			}
			dream = work.get();
		}
		String requested = requestedModel(turn);
		if (!OfflineAgent.MODEL_ID.equals(requested) && this.claudeAgent.available()) {
			RecordingTurnContext context = new RecordingTurnContext(turn, this.events, this.toolCalls, stopping, false,
					Duration.ZERO, this.properties);
			this.events.endTurn(turn.sessionId(), this.claudeAgent.runTurn(turn, requested, context));
			return;
		}
		// An offline dream plans again from its store rather than replaying its steps.
		RecordingTurnContext context = new RecordingTurnContext(turn, this.events, this.toolCalls, stopping,
				dream == null, this.properties.offlineStepDelay(), this.properties);
		ModelRequestStart start = this.events.startModelRequest(turn.sessionId(), OfflineAgent.MODEL_ID);
		try {
			if (dream != null) {
				this.offlineDreamer.run(dream, context);
			}
			else {
				this.offlineAgent.runTurn(context);
			}
		}
		catch (RecordingTurnContext.Interrupted ex) {
			// The user interrupted: the request ends here, and with it the turn.
		}
		catch (RecordingTurnContext.Paused ex) {
			this.events.endModelRequest(turn.sessionId(), start, false, ModelUsage.NONE);
			throw ex;
		}
		catch (TurnLimits.Reached ex) {
			this.events.endModelRequestAndTurn(turn.sessionId(), start, ModelUsage.NONE, limitReached(ex),
					StopReason.RETRIES_EXHAUSTED);
			return;
		}
		this.events.endModelRequestAndTurn(turn.sessionId(), start, ModelUsage.NONE, null, StopReason.END_TURN);
	}

	private static String requestedModel(Turn turn) {
		AgentModel model = turn.agent().model();
		return (model != null && model.id() != null) ? model.id() : OfflineAgent.MODEL_ID;
	}

	/**
	 * The wait before a retry: what the API asked for, or a doubling backoff with some
	 * jitter, never longer than the configured maximum.
	 */
	private Duration backoff(int retry, Duration retryAfter) {
		Duration max = this.claudeProperties.maxRetryWait();
		if (retryAfter != null) {
			return (retryAfter.compareTo(max) > 0) ? max : retryAfter;
		}
		long base = this.claudeProperties.retryBackoff().toMillis() << Math.min(retry - 1, 20);
		long jittered = base + ThreadLocalRandom.current().nextLong(base / 4 + 1);
		return Duration.ofMillis(Math.min(jittered, max.toMillis()));
	}

	/**
	 * Waits before a retry, watching for the user's interrupt and the worker's stop.
	 * @return false if the user interrupted meanwhile
	 */
	private boolean pause(Duration wait, Turn turn, BooleanSupplier stopping) {
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			if (stopping.getAsBoolean()) {
				throw new WorkerStopped();
			}
			if (this.events.interruptedAfter(turn.sessionId(), turn.messageSeq())) {
				return false;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return true;
			}
			try {
				Thread.sleep(Math.min(Duration.ofNanos(left).toMillis() + 1, PAUSE_STEP.toMillis()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new WorkerStopped();
			}
		}
	}

	/**
	 * The {@code session.error} of a turn that used up one of its limits on tool use.
	 */
	static SessionError limitReached(TurnLimits.Reached reached) {
		return new SessionError(SessionError.Type.TOOL_USE_LIMIT_REACHED, reached.getMessage(), RetryStatus.EXHAUSTED);
	}

	/**
	 * The worker running the turn is stopping; the turn is left for another to resume.
	 */
	static final class WorkerStopped extends RuntimeException {

		WorkerStopped() {
			super("the worker is stopping", null, false, false);
		}

	}

}
