package dev.memstore.support;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;

/**
 * The official Anthropic Java SDK pointed at the test server, validating every response
 * against its types.
 */
public final class Sdk {

	private Sdk() {
	}

	/**
	 * A client that authenticates as the Java and TypeScript 1.x SDKs do:
	 * {@code Authorization: Bearer}.
	 */
	public static AnthropicClient client(int port, String apiKey) {
		return AnthropicOkHttpClient.builder()
			.baseUrl("http://localhost:" + port)
			.apiKey(apiKey)
			.responseValidation(true)
			.build();
	}

	/**
	 * A client that reports the first answer, never retrying: a server error under load
	 * must show, not be retried away.
	 */
	public static AnthropicClient clientWithoutRetries(int port, String apiKey) {
		return AnthropicOkHttpClient.builder()
			.baseUrl("http://localhost:" + port)
			.apiKey(apiKey)
			.responseValidation(true)
			.maxRetries(0)
			.build();
	}

	/**
	 * A client that authenticates as the Python and TypeScript 0.x SDKs do:
	 * {@code X-Api-Key}. A credential set as a header wins over the client's own, which
	 * is then not sent at all.
	 */
	public static AnthropicClient xApiKeyClient(int port, String apiKey) {
		return AnthropicOkHttpClient.builder()
			.baseUrl("http://localhost:" + port)
			.apiKey("unused-the-header-wins")
			.putHeader("X-Api-Key", apiKey)
			.responseValidation(true)
			.build();
	}

	/**
	 * A client that authenticates as a self-hosted worker does, with an environment key
	 * or a sessions token as {@code Authorization: Bearer} (the SDK's {@code authToken}),
	 * reporting the first answer as the worker's heartbeat does.
	 */
	public static AnthropicClient bearerClient(int port, String token) {
		return AnthropicOkHttpClient.builder()
			.baseUrl("http://localhost:" + port)
			.authToken(token)
			.responseValidation(true)
			.maxRetries(0)
			.build();
	}

}
