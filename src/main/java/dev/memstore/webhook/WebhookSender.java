package dev.memstore.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import dev.memstore.kernel.Timestamps;

import org.springframework.stereotype.Component;

/**
 * Sends one attempt of a delivery: a signed POST of the event's body with bounded connect
 * and answer times, redirects not followed (an answer other than 2xx is a failure, as on
 * the platform), and no more than {@link #MAX_BODY_BYTES} of the answer read. The status
 * decides: an answer whose body does not end within the bound counts by its status, and
 * its connection is closed.
 */
@Component
class WebhookSender {

	static final String USER_AGENT = "memstore-webhooks/1";

	/** The answer's body is not kept; reading a little lets a short one end cleanly. */
	static final int MAX_BODY_BYTES = 4096;

	private final WebhookProperties properties;

	private final HttpClient http;

	WebhookSender(WebhookProperties properties) {
		this.properties = properties;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	/**
	 * Makes one attempt, signed with the endpoint's secret at the time of sending.
	 * @throws InterruptedException when this instance stops meanwhile; the delivery is
	 * then tried again once its claim lapses
	 */
	AttemptResult send(DeliveryClaim claim) throws InterruptedException {
		Instant startedAt = Timestamps.now();
		long start = System.nanoTime();
		URI uri = URI.create(claim.url());
		if (this.properties.requirePublicHttps()) {
			String refused = WebhookUrls.whyNotPublicHttps(uri);
			if (refused != null) {
				return AttemptResult.unanswered(startedAt, since(start), "refused", "refused: the url " + refused);
			}
		}
		long timestamp = Instant.now().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.properties.timeout())
			.header("content-type", "application/json")
			.header("user-agent", USER_AGENT)
			.header("webhook-id", claim.eventId())
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature",
					WebhookSigner.sign(claim.signingSecret(), claim.eventId(), timestamp, claim.body()))
			.POST(HttpRequest.BodyPublishers.ofString(claim.body()))
			.build();
		AtomicInteger status = new AtomicInteger();
		CompletableFuture<HttpResponse<Void>> answer = this.http.sendAsync(request, (info) -> {
			status.set(info.statusCode());
			return new LimitedDiscard(MAX_BODY_BYTES);
		});
		Duration bound = this.properties.connectTimeout().plus(this.properties.timeout());
		try {
			HttpResponse<Void> response = answer.get(bound.toMillis(), TimeUnit.MILLISECONDS);
			return AttemptResult.answered(startedAt, since(start), response.statusCode());
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			if (status.get() != 0) {
				return AttemptResult.answered(startedAt, since(start), status.get());
			}
			return AttemptResult.unanswered(startedAt, since(start), "timeout", "no answer within " + seconds(bound));
		}
		catch (InterruptedException ex) {
			answer.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			return failed(startedAt, since(start), uri, ex.getCause());
		}
	}

	private AttemptResult failed(Instant startedAt, Duration took, URI uri, Throwable cause) {
		if (cause instanceof HttpConnectTimeoutException) {
			return AttemptResult.unanswered(startedAt, took, "timeout",
					"could not connect within " + seconds(this.properties.connectTimeout()));
		}
		if (cause instanceof HttpTimeoutException) {
			return AttemptResult.unanswered(startedAt, took, "timeout",
					"no answer within " + seconds(this.properties.timeout()));
		}
		if (cause instanceof ConnectException) {
			return AttemptResult.unanswered(startedAt, took, "connection",
					"could not connect to " + authority(uri) + ": connection refused");
		}
		if (cause instanceof UnknownHostException) {
			return AttemptResult.unanswered(startedAt, took, "connection", "unknown host " + uri.getHost());
		}
		if (cause instanceof SSLException) {
			return AttemptResult.unanswered(startedAt, took, "connection", "TLS failed: " + cause.getMessage());
		}
		if (cause instanceof IOException) {
			return AttemptResult.unanswered(startedAt, took, "connection", "connection failed: " + describe(cause));
		}
		return AttemptResult.unanswered(startedAt, took, "connection", "the request failed: " + describe(cause));
	}

	private static String describe(Throwable cause) {
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	private static String authority(URI uri) {
		return uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	private static String seconds(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	/**
	 * Reads an answer's body up to a limit and drops it; past the limit, it stops
	 * reading, which closes the connection.
	 */
	private static final class LimitedDiscard implements HttpResponse.BodySubscriber<Void> {

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		private long remaining;

		private Flow.Subscription subscription;

		LimitedDiscard(long limit) {
			this.remaining = limit;
		}

		@Override
		public CompletionStage<Void> getBody() {
			return this.done;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			for (ByteBuffer buffer : buffers) {
				this.remaining -= buffer.remaining();
			}
			if (this.remaining <= 0) {
				this.subscription.cancel();
				this.done.complete(null);
			}
			else {
				this.subscription.request(1);
			}
		}

		@Override
		public void onError(Throwable failure) {
			this.done.completeExceptionally(failure);
		}

		@Override
		public void onComplete() {
			this.done.complete(null);
		}

	}

}
