package dev.memstore.runtime;

import java.time.Duration;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.Timeout;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.memstore.session.SessionError;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The Messages API, through the official Anthropic Java SDK. The SDK's own retries are
 * off: the agent loop retries, so that every attempt shows in the session's events.
 * Failures are described for the user, saying what to fix when it is theirs to fix.
 */
@Component
class ClaudeClient implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ClaudeClient.class);

	private final ClaudeProperties properties;

	private final AnthropicClient client;

	ClaudeClient(ClaudeProperties properties) {
		this.properties = properties;
		this.client = properties.configured() ? AnthropicOkHttpClient.builder()
			.apiKey(properties.apiKey())
			.baseUrl(properties.baseUrl())
			.maxRetries(0)
			.timeout(Timeout.builder()
				.connect(properties.connectTimeout())
				.read(properties.requestTimeout())
				.write(properties.requestTimeout())
				.request(properties.requestTimeout())
				.build())
			.build() : null;
		if (this.client != null) {
			logger.info("Agents whose model is not {} run on Claude at {}", OfflineAgent.MODEL_ID,
					properties.baseUrl());
		}
		else {
			logger.info("No Claude API key (memstore.model.claude.api-key): every session runs on the offline agent");
		}
	}

	/**
	 * Whether a key is configured, so that sessions can run on Claude.
	 */
	boolean available() {
		return this.client != null;
	}

	/**
	 * Sends one request.
	 * @throws ModelFailure when it fails, whatever the reason
	 */
	Message create(MessageCreateParams params) {
		try {
			return this.client.messages().create(params);
		}
		catch (AnthropicServiceException ex) {
			throw failure(ex, params.model().asString());
		}
		catch (AnthropicIoException ex) {
			throw new ModelFailure(SessionError.Type.MODEL_REQUEST_FAILED,
					"no answer from the Claude API at " + this.properties.baseUrl() + ": " + cause(ex), true, null, ex);
		}
		catch (AnthropicInvalidDataException ex) {
			throw new ModelFailure(SessionError.Type.MODEL_REQUEST_FAILED,
					"the Claude API's answer could not be read: " + ex.getMessage(), true, null, ex);
		}
	}

	private ModelFailure failure(AnthropicServiceException ex, String model) {
		int status = ex.statusCode();
		String said = status + ex.apiMessage().map((message) -> ": " + message).orElse("");
		return switch (status) {
			case 401 -> terminal("the Claude API refused the API key (" + said + "); set memstore.model.claude.api-key"
					+ " (environment variable MEMSTORE_MODEL_CLAUDE_API_KEY) to a valid key", ex);
			case 402 ->
				new ModelFailure(SessionError.Type.BILLING, "the Claude API refused the request for a billing reason ("
						+ said + "); check the account's plan and credit", false, null, ex);
			case 403 -> terminal("the API key may not be used for this request (" + said
					+ "); check the key's permissions for model " + model, ex);
			case 404 -> terminal("the Claude API at " + this.properties.baseUrl() + " does not know model '" + model
					+ "' (" + said + "); update the agent's model to one the key can use", ex);
			case 413 -> terminal("the request was too large for the Claude API (" + said
					+ "); lower memstore.model.claude.context-tokens", ex);
			case 429 -> new ModelFailure(SessionError.Type.MODEL_RATE_LIMITED,
					"the Claude API is rate limiting this key (" + said + ")", true, retryAfter(ex), ex);
			case 529 -> new ModelFailure(SessionError.Type.MODEL_OVERLOADED, "Claude is overloaded (" + said + ")",
					true, retryAfter(ex), ex);
			default -> (status == 408 || status >= 500)
					? new ModelFailure(SessionError.Type.MODEL_REQUEST_FAILED, "the Claude API failed (" + said + ")",
							true, retryAfter(ex), ex)
					: terminal("the Claude API rejected the request (" + said + ")", ex);
		};
	}

	/**
	 * What went wrong on the wire: the SDK wraps it, as in "Request failed" around a
	 * refused connection or a timeout.
	 */
	private static String cause(Exception ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == ex) ? String.valueOf(ex.getMessage())
				: ex.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
	}

	private static ModelFailure terminal(String message, AnthropicServiceException ex) {
		return new ModelFailure(SessionError.Type.MODEL_REQUEST_FAILED, message, false, null, ex);
	}

	/**
	 * The wait the API asked for, from {@code retry-after-ms} or {@code retry-after} in
	 * seconds; {@code null} if it asked for none.
	 */
	private static Duration retryAfter(AnthropicServiceException ex) {
		Duration millis = header(ex.headers().values("retry-after-ms"), 1);
		return (millis != null) ? millis : header(ex.headers().values("retry-after"), 1000);
	}

	private static Duration header(List<String> values, long millisPerUnit) {
		if (values.isEmpty()) {
			return null;
		}
		try {
			double amount = Double.parseDouble(values.get(0).trim());
			return (amount >= 0) ? Duration.ofMillis((long) (amount * millisPerUnit)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@Override
	public void destroy() {
		if (this.client != null) {
			this.client.close();
		}
	}

}
