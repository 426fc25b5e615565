package dev.memstore.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.LimitsIntegrationTest;
import dev.memstore.support.Sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The quotas on sessions per workspace ({@code memstore.limits.sessions-per-workspace})
 * and on the event streams a workspace holds open
 * ({@code memstore.limits.open-streams-per-workspace}), through the official Java SDK.
 */
@LimitsIntegrationTest
class SessionQuotaTest extends SessionTestSupport {

	private final List<StreamResponse<BetaManagedAgentsStreamSessionEvents>> streams = new ArrayList<>();

	@AfterEach
	void closeStreams() {
		this.streams.forEach(StreamResponse::close);
	}

	@Test
	void aWorkspaceAtItsSessionQuotaIsRefusedNamingTheSettingUntilItDeletesOne() {
		List<String> sessions = new ArrayList<>();
		for (int i = 0; i < LimitsIntegrationTest.SESSIONS; i++) {
			sessions.add(newSession().id());
		}
		this.client.beta().sessions().archive(sessions.get(0));

		BadRequestException refused = assertThrows(BadRequestException.class, this::newSession);

		assertThat(refused.apiMessage()).hasValueSatisfying((message) -> assertThat(message)
			.contains("memstore.limits.sessions-per-workspace = " + LimitsIntegrationTest.SESSIONS));
		assertThat(refused.headers().values("x-should-retry")).containsExactly("false");
		this.client.beta().sessions().delete(sessions.get(0));
		assertThat(newSession().id()).startsWith("sesn_");
	}

	@Test
	void aStreamBeyondTheWorkspacesQuotaIsRateLimitedWithRetryAfterUntilOneCloses() throws Exception {
		String sessionId = newSession().id();
		for (int i = 0; i < LimitsIntegrationTest.STREAMS; i++) {
			this.streams.add(this.client.beta().sessions().events().streamStreaming(sessionId));
		}
		AnthropicClient withoutRetries = Sdk.clientWithoutRetries(this.port, this.workspace.apiKey());

		RateLimitException refused = assertThrows(RateLimitException.class,
				() -> withoutRetries.beta().sessions().events().streamStreaming(sessionId));

		assertThat(refused.body().toString()).contains("rate_limit_error")
			.contains("memstore.limits.open-streams-per-workspace = " + LimitsIntegrationTest.STREAMS);
		assertThat(refused.headers().values("retry-after"))
			.containsExactly(Integer.toString(StreamQuota.RETRY_AFTER_SECONDS));
		this.streams.remove(0).close();
		this.streams.add(openWithin(withoutRetries, sessionId, Duration.ofSeconds(10)));
	}

	@Test
	void theStreamQuotaCountsPerWorkspace() {
		String sessionId = newSession().id();
		for (int i = 0; i < LimitsIntegrationTest.STREAMS; i++) {
			this.streams.add(this.client.beta().sessions().events().streamStreaming(sessionId));
		}
		SessionTestSupport other = new SessionTestSupport() {
		};
		other.port = this.port;
		other.newWorkspaceAgentAndEnvironment();

		this.streams.add(other.client.beta().sessions().events().streamStreaming(other.newSession().id()));
	}

	/**
	 * Opens a stream as soon as the quota has room: a stream whose client went away gives
	 * its place back when the server notices, at its next heartbeat.
	 */
	private static StreamResponse<BetaManagedAgentsStreamSessionEvents> openWithin(AnthropicClient client,
			String sessionId, Duration wait) throws InterruptedException {
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			try {
				return client.beta().sessions().events().streamStreaming(sessionId);
			}
			catch (RateLimitException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(500);
			}
		}
	}

}
