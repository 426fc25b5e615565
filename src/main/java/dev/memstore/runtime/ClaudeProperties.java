package dev.memstore.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sessions run on Claude ({@code memstore.model.claude.*}).
 *
 * @param apiKey the key for the Messages API; without one every session runs on the
 * offline agent
 * @param baseUrl the Messages API endpoint: Anthropic's, or any compatible one
 * @param connectTimeout how long to wait for a connection to the API
 * @param requestTimeout how long one model request may take in all
 * @param maxToolRounds how often the model may call tools in one turn before the turn
 * ends
 * @param maxOutputTokens the {@code max_tokens} of each request
 * @param contextTokens the share of the model's context the conversation may take; older
 * turns are left out beyond it
 * @param maxToolResultChars a tool result longer than this reaches the model cut short,
 * with a marker saying so
 * @param maxRetries how often a request that failed for a passing reason (rate limit,
 * overload, server error, timeout) is tried again before the turn ends with
 * {@code retries_exhausted}
 * @param retryBackoff the wait before the first retry; it doubles with each retry
 * @param maxRetryWait the longest wait before a retry, even when the API asks for more
 */
@ConfigurationProperties("memstore.model.claude")
public record ClaudeProperties(String apiKey, @DefaultValue("https://api.anthropic.com") String baseUrl,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("300s") Duration requestTimeout,
		@DefaultValue("25") int maxToolRounds, @DefaultValue("8192") int maxOutputTokens,
		@DefaultValue("150000") int contextTokens, @DefaultValue("30000") int maxToolResultChars,
		@DefaultValue("4") int maxRetries, @DefaultValue("2s") Duration retryBackoff,
		@DefaultValue("60s") Duration maxRetryWait) {

	boolean configured() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

	/**
	 * Like the record's, without the key.
	 */
	@Override
	public String toString() {
		return "ClaudeProperties[apiKey=" + (configured() ? "(set)" : "(none)") + ", baseUrl=" + this.baseUrl
				+ ", connectTimeout=" + this.connectTimeout + ", requestTimeout=" + this.requestTimeout
				+ ", maxToolRounds=" + this.maxToolRounds + ", maxOutputTokens=" + this.maxOutputTokens
				+ ", contextTokens=" + this.contextTokens + ", maxToolResultChars=" + this.maxToolResultChars
				+ ", maxRetries=" + this.maxRetries + ", retryBackoff=" + this.retryBackoff + ", maxRetryWait="
				+ this.maxRetryWait + "]";
	}

}
