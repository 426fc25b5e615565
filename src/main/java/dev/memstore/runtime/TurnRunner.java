package dev.memstore.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.sandbox.SandboxService;
import dev.memstore.session.SessionEvent;
import dev.memstore.session.SessionEventService;
import dev.memstore.session.Turn;

import org.springframework.stereotype.Component;

/**
 * Runs one turn: the model's request as a span, its tool calls on the sandbox and its
 * answers as events, then the session goes idle. A turn that fails is tried again,
 * replaying what it had already recorded, until the attempts run out.
 */
@Component
class TurnRunner {

	private static final Logger logger = LoggerFactory.getLogger(TurnRunner.class);

	private final SessionEventService events;

	private final SandboxService sandbox;

	private final OfflineAgent offlineAgent = new OfflineAgent();

	private final RuntimeProperties properties;

	TurnRunner(SessionEventService events, SandboxService sandbox, RuntimeProperties properties) {
		this.events = events;
		this.sandbox = sandbox;
		this.properties = properties;
	}

	/**
	 * Runs the turn to its end.
	 * @param stopping tells when this instance is shutting down: the turn then stops at
	 * its next step, to be resumed elsewhere
	 * @throws WorkerStopped when it stopped for that reason
	 */
	void run(Turn turn, BooleanSupplier stopping) {
		Turn attempt = turn;
		for (int tries = 1;; tries++) {
			try {
				runOnce(attempt, stopping);
				return;
			}
			catch (WorkerStopped ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				logger.warn("Turn of session {} failed (attempt {} of {})", turn.sessionId(), tries,
						this.properties.maxAttempts(), ex);
				boolean retry = tries < this.properties.maxAttempts();
				this.events.append(turn.sessionId(), "session.error", error(ex, retry));
				if (!retry) {
					this.events.endTurn(turn.sessionId(), Map.of("type", "retries_exhausted"));
					return;
				}
				Optional<Turn> resumed = this.events.resumeTurn(turn.sessionId());
				if (resumed.isEmpty()) {
					return;
				}
				attempt = resumed.get();
			}
		}
	}

	private void runOnce(Turn turn, BooleanSupplier stopping) {
		RecordingTurnContext context = new RecordingTurnContext(turn, this.events, this.sandbox, stopping,
				this.properties.offlineStepDelay());
		SessionEvent start = this.events.append(turn.sessionId(), "span.model_request_start", Map.of());
		try {
			this.offlineAgent.runTurn(context);
		}
		catch (RecordingTurnContext.Interrupted ex) {
			// The user interrupted: the turn ends here, as an ordinary end of turn.
		}
		this.events.append(turn.sessionId(), "span.model_request_end", modelRequestEnd(start));
		this.events.endTurn(turn.sessionId(), Map.of("type", "end_turn"));
	}

	private static Map<String, Object> modelRequestEnd(SessionEvent start) {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("input_tokens", 0);
		usage.put("output_tokens", 0);
		usage.put("cache_creation_input_tokens", 0);
		usage.put("cache_read_input_tokens", 0);
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("is_error", false);
		fields.put("model_request_start_id", start.id());
		fields.put("model_usage", usage);
		return fields;
	}

	private static Map<String, Object> error(RuntimeException ex, boolean retry) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", "unknown_error");
		error.put("message", "the turn failed: " + ex.getMessage());
		error.put("retry_status", Map.of("type", retry ? "retrying" : "exhausted"));
		return Map.of("error", error);
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
