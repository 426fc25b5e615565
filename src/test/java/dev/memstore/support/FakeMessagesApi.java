package dev.memstore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for Anthropic's Messages API that answers with scripted responses in
 * the API's wire format (messages with {@code text} and {@code tool_use} blocks, usage,
 * error envelopes with {@code request-id} and {@code retry-after}), and keeps every
 * request memstore sent so that a test can check it. One server serves the whole test
 * run, so that the application contexts pointed at it are cached.
 */
public final class FakeMessagesApi {

	private static final FakeMessagesApi SHARED = new FakeMessagesApi();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MockWebServer server = new MockWebServer();

	private final BlockingQueue<MockResponse> script = new LinkedBlockingQueue<>();

	private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();

	private final AtomicInteger ids = new AtomicInteger();

	private FakeMessagesApi() {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				FakeMessagesApi.this.received.add(Request.of(request));
				MockResponse next = FakeMessagesApi.this.script.poll();
				return (next != null) ? next
						: error(500, "api_error", "the fake Messages API has no scripted answer left");
			}
		});
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static FakeMessagesApi shared() {
		return SHARED;
	}

	/**
	 * The base URL to configure as {@code memstore.model.claude.base-url}.
	 */
	public String baseUrl() {
		return this.server.url("/").toString().replaceFirst("/$", "");
	}

	/**
	 * Forgets what an earlier test scripted or left unread.
	 */
	public void reset() {
		this.script.clear();
		this.received.clear();
	}

	/**
	 * Queues answers, one per request, in order.
	 */
	public FakeMessagesApi answer(MockResponse... responses) {
		this.script.addAll(List.of(responses));
		return this;
	}

	/**
	 * The next request memstore sent, waiting for it a while.
	 */
	public Request nextRequest() throws InterruptedException {
		Request request = this.received.poll(30, TimeUnit.SECONDS);
		if (request == null) {
			throw new AssertionError("memstore sent no request to the Messages API within 30 s");
		}
		return request;
	}

	/**
	 * The requests received and not yet taken, without waiting.
	 */
	public List<Request> remainingRequests() {
		List<Request> requests = new ArrayList<>();
		this.received.drainTo(requests);
		return requests;
	}

	/**
	 * A {@code 200} message that ends the turn with text.
	 */
	public MockResponse text(String text) {
		return message("end_turn", List.of(textBlock(text)));
	}

	/**
	 * A {@code 200} message calling one tool, optionally after some text.
	 */
	public MockResponse toolUse(String name, Map<String, Object> input) {
		return message("tool_use", List.of(toolUseBlock(name, input)));
	}

	public Map<String, Object> textBlock(String text) {
		Map<String, Object> block = new LinkedHashMap<>();
		block.put("type", "text");
		block.put("text", text);
		return block;
	}

	public Map<String, Object> toolUseBlock(String name, Map<String, Object> input) {
		Map<String, Object> block = new LinkedHashMap<>();
		block.put("type", "tool_use");
		block.put("id", "toolu_01Fake" + this.ids.incrementAndGet());
		block.put("name", name);
		block.put("input", input);
		return block;
	}

	/**
	 * A {@code 200} message with the given content, using 100 input tokens (of which 40
	 * were read from the cache and 20 written to it) and 25 output tokens.
	 */
	public MockResponse message(String stopReason, List<Map<String, Object>> content) {
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("input_tokens", 100);
		usage.put("cache_creation_input_tokens", 20);
		usage.put("cache_read_input_tokens", 40);
		usage.put("cache_creation", Map.of("ephemeral_5m_input_tokens", 20, "ephemeral_1h_input_tokens", 0));
		usage.put("output_tokens", 25);
		usage.put("service_tier", "standard");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", "msg_01Fake" + this.ids.incrementAndGet());
		body.put("type", "message");
		body.put("role", "assistant");
		body.put("model", "claude-opus-4-8");
		body.put("content", content);
		body.put("stop_reason", stopReason);
		body.put("stop_sequence", null);
		body.put("usage", usage);
		return json(200, body);
	}

	/**
	 * An error in the API's envelope, such as {@code 429 rate_limit_error}.
	 */
	public static MockResponse error(int status, String type, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "error");
		body.put("error", Map.of("type", type, "message", message));
		body.put("request_id", "req_01FakeError");
		return json(status, body).addHeader("x-should-retry", (status == 429 || status >= 500) ? "true" : "false");
	}

	/**
	 * A {@code 429} asking the client to wait.
	 */
	public static MockResponse rateLimited(Duration retryAfter) {
		return error(429, "rate_limit_error",
				"This request would exceed the rate limit for your organization of 50 requests per minute.")
			.addHeader("retry-after", Long.toString(retryAfter.toSeconds()));
	}

	/**
	 * A response that never comes: the connection stays silent.
	 */
	public static MockResponse silence() {
		return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
	}

	private static MockResponse json(int status, Map<String, Object> body) {
		return new MockResponse().setResponseCode(status)
			.addHeader("content-type", "application/json")
			.addHeader("request-id", "req_01Fake")
			.addHeader("anthropic-organization-id", "00000000-0000-0000-0000-000000000000")
			.setBody(JSON.writeValueAsString(body));
	}

	/**
	 * One request memstore sent.
	 *
	 * @param body the JSON body, as maps and lists
	 */
	public record Request(String method, String path, Map<String, String> headers, Map<String, Object> body,
			long receivedAtNanos) {

		@SuppressWarnings("unchecked")
		static Request of(RecordedRequest request) {
			Map<String, String> headers = new LinkedHashMap<>();
			request.getHeaders().forEach((pair) -> headers.put(pair.getFirst().toLowerCase(), pair.getSecond()));
			String text = request.getBody().readUtf8();
			Map<String, Object> body = text.isEmpty() ? Map.of() : JSON.readValue(text, Map.class);
			return new Request(request.getMethod(), request.getPath(), headers, body, System.nanoTime());
		}

		@SuppressWarnings("unchecked")
		public List<Map<String, Object>> messages() {
			return (List<Map<String, Object>>) this.body.get("messages");
		}

		/**
		 * The system prompt's text, its blocks joined.
		 */
		@SuppressWarnings("unchecked")
		public String system() {
			Object system = this.body.get("system");
			if (system instanceof String text) {
				return text;
			}
			StringBuilder text = new StringBuilder();
			if (system instanceof List<?> blocks) {
				for (Object block : blocks) {
					text.append(((Map<String, Object>) block).get("text"));
				}
			}
			return text.toString();
		}

		@SuppressWarnings("unchecked")
		public List<String> toolNames() {
			List<Map<String, Object>> tools = (List<Map<String, Object>>) this.body.getOrDefault("tools", List.of());
			return tools.stream().map((tool) -> (String) tool.get("name")).toList();
		}

	}

}
