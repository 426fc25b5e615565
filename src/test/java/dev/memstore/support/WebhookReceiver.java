package dev.memstore.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.UnwrapWebhookParams;
import com.anthropic.core.http.Headers;
import com.anthropic.models.beta.webhooks.UnwrapWebhookEvent;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real HTTP server that receives webhook deliveries in a test: it keeps every request,
 * answers 200 unless told to fail or to take its time, and verifies a delivery as an
 * application does, with the official Java SDK's {@code client.beta().webhooks().unwrap}.
 */
public final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The SDK verifies and parses without a request: this client sends none. */
	private static final AnthropicClient SDK = AnthropicOkHttpClient.builder().apiKey("unused").build();

	private final MockWebServer server = new MockWebServer();

	private final List<Delivery> received = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

	private volatile int defaultStatus = 200;

	private volatile Duration delay = Duration.ZERO;

	/** Counted down when the receiver closes, to end the waits of slow answers. */
	private final CountDownLatch closed = new CountDownLatch(1);

	public WebhookReceiver() {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				Duration wait = WebhookReceiver.this.delay;
				if (!wait.isZero() && WebhookReceiver.this.closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
					return new MockResponse().setResponseCode(503);
				}
				Integer scripted = WebhookReceiver.this.statuses.poll();
				int status = (scripted != null) ? scripted : WebhookReceiver.this.defaultStatus;
				WebhookReceiver.this.received.add(Delivery.of(request, status));
				return new MockResponse().setResponseCode(status).setBody("ok");
			}
		});
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return this.server.url("/hooks").toString();
	}

	/**
	 * Answers the next requests with these statuses, in order, then as before.
	 */
	public WebhookReceiver answer(int... statuses) {
		for (int status : statuses) {
			this.statuses.add(status);
		}
		return this;
	}

	/**
	 * Answers every request with this status from now on.
	 */
	public WebhookReceiver answerAlways(int status) {
		this.defaultStatus = status;
		return this;
	}

	/**
	 * Waits this long before answering each request.
	 */
	public WebhookReceiver delay(Duration delay) {
		this.delay = delay;
		return this;
	}

	public List<Delivery> received() {
		return List.copyOf(this.received);
	}

	/**
	 * The deliveries whose {@code data.type} is the type.
	 */
	public List<Delivery> ofType(String type) {
		return this.received.stream().filter((delivery) -> delivery.dataType().equals(type)).toList();
	}

	/**
	 * Waits for a delivery of this type about this resource.
	 */
	public Delivery awaitEvent(String type, String resourceId) {
		return awaitFirst((delivery) -> delivery.dataType().equals(type) && delivery.dataId().equals(resourceId),
				type + " of " + resourceId);
	}

	public Delivery awaitFirst(Predicate<Delivery> wanted, String what) {
		await().alias("a delivery: " + what).atMost(Duration.ofSeconds(30)).until(() -> find(wanted) != null);
		return find(wanted);
	}

	private Delivery find(Predicate<Delivery> wanted) {
		for (Delivery delivery : this.received) {
			if (wanted.test(delivery)) {
				return delivery;
			}
		}
		return null;
	}

	/**
	 * Stops answering: what is sent from now on finds no one listening.
	 */
	@Override
	public void close() {
		if (this.closed.getCount() == 0) {
			return;
		}
		this.closed.countDown();
		try {
			this.server.shutdown();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One request as it arrived, and what the receiver answered.
	 */
	public record Delivery(Map<String, List<String>> headers, String body, int answered, long receivedAtNanos) {

		static Delivery of(RecordedRequest request, int answered) {
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (String name : request.getHeaders().names()) {
				headers.put(name, new ArrayList<>(request.getHeaders().values(name)));
			}
			return new Delivery(headers, request.getBody().readUtf8(), answered, System.nanoTime());
		}

		public String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		public String webhookId() {
			return header("webhook-id");
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String dataType() {
			return json().path("data").path("type").asString();
		}

		public String dataId() {
			return json().path("data").path("id").asString();
		}

		/**
		 * The delivery verified with the signing secret and parsed, as the official Java
		 * SDK's {@code unwrap} does it; it throws when the signature does not verify.
		 */
		public UnwrapWebhookEvent unwrap(String signingSecret) {
			Headers.Builder sdkHeaders = Headers.builder();
			this.headers.forEach(sdkHeaders::put);
			return SDK.beta()
				.webhooks()
				.unwrap(UnwrapWebhookParams.builder()
					.body(this.body)
					.headers(sdkHeaders.build())
					.secret(signingSecret)
					.build());
		}

	}

}
