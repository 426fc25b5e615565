package dev.memstore.session;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code usage} of a session: the tokens of all its model requests.
 */
public record SessionUsage(long inputTokens, long outputTokens, long cacheReadInputTokens,
		CacheCreation cacheCreation) {

	static final SessionUsage NONE = new SessionUsage(0, 0, 0, new CacheCreation(0, 0));

	/**
	 * Input tokens written to the prompt cache, by how long they stay. The names are
	 * spelled out: snake_case would not part the digits from the letters.
	 */
	public record CacheCreation(@JsonProperty("ephemeral_1h_input_tokens") long ephemeral1hInputTokens,
			@JsonProperty("ephemeral_5m_input_tokens") long ephemeral5mInputTokens) {

	}

}
