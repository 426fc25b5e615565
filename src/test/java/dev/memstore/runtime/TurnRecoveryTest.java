package dev.memstore.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.SessionFixtures;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.Sdk;
import dev.memstore.support.SdkEvents;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.TestWorkspaces;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Turns that outlive their worker, and turns the user stops: slowed down so that a test
 * can act in the middle of one.
 */
@MemstoreIntegrationTest
@TestPropertySource(properties = { "memstore.runtime.offline-step-delay=150ms",
		"memstore.runtime.heartbeat-interval=200ms", "memstore.runtime.lease-timeout=2s" })
class TurnRecoveryTest {

	private static final int FILES = 8;

	@LocalServerPort
	int port;

	@Autowired
	TurnWorkers workers;

	@Autowired
	JdbcClient jdbc;

	AnthropicClient client;

	String sessionId;

	String storeId;

	@BeforeEach
	void sessionWithAMountedStore() {
		this.client = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());
		String environmentId = SessionFixtures.environment(this.client, "env");
		String agentId = SessionFixtures.agentWithToolset(this.client, "Writer", "memstore-offline");
		this.storeId = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Log").build())
			.id();
		this.sessionId = SessionFixtures.sessionMounting(this.client, agentId, environmentId, this.storeId);
	}

	@Test
	void aTurnCutShortByItsWorkerStoppingIsResumedWithoutRepeatingSteps() throws Exception {
		List<BetaManagedAgentsStreamSessionEvents> received = follow();
		sendMessage(writeScript());
		await().atMost(Duration.ofSeconds(20)).until(() -> count(received, "agent.tool_result") >= 2);

		this.workers.stop();
		int resultsWhenStopped = count(received, "agent.tool_result");
		assertThat(resultsWhenStopped).isLessThan(FILES);
		assertThat(this.client.beta().sessions().retrieve(this.sessionId).status()).hasToString("running");
		this.workers.start();

		await().atMost(Duration.ofSeconds(30)).until(() -> count(received, "session.status_idle") == 1);
		List<String> types = received.stream().map(TurnRecoveryTest::type).toList();
		assertThat(types).containsSubsequence("session.status_rescheduled", "session.status_running",
				"session.status_idle");
		assertThat(count(received, "agent.tool_result")).isEqualTo(FILES);
		assertThat(this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId, MemoryVersionListParams.builder().sessionId(this.sessionId).limit(100).build())
			.items()).as("every file written exactly once").hasSize(FILES);
	}

	@Test
	void workHeldByAWorkerThatStoppedHeartbeatingIsTakenOverOnceItsLeaseExpires() throws Exception {
		this.workers.stop();
		try {
			sendMessage("```memstore-script\n[{\"say\": \"done\"}]\n```");
			// As if another instance had claimed the work and died: its heartbeat stops
			// now.
			assertThat(this.jdbc.sql("""
					update turn_jobs set claimed_by = 'a-dead-instance', heartbeat_at = clock_timestamp()
					where session_id = :session""").param("session", this.sessionId).update()).isEqualTo(1);
		}
		finally {
			this.workers.start();
		}
		Thread.sleep(1000);
		assertThat(this.client.beta().sessions().events().list(this.sessionId).items()).as("the lease still holds")
			.noneSatisfy((event) -> assertThat(event.isAgentMessage()).isTrue());
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.client.beta().sessions().retrieve(this.sessionId).status().toString().equals("idle")
					&& this.jdbc.sql("select count(*) from turn_jobs where session_id = :session")
						.param("session", this.sessionId)
						.query(Long.class)
						.single() == 0);
		assertThat(this.client.beta().sessions().events().list(this.sessionId).items())
			.anySatisfy((event) -> assertThat(event.isAgentMessage()).isTrue());
	}

	@Test
	void anInterruptEndsTheRunningTurnAndARunningSessionCannotBeDeleted() throws Exception {
		List<BetaManagedAgentsStreamSessionEvents> received = follow();
		sendMessage(writeScript());
		await().atMost(Duration.ofSeconds(20)).until(() -> count(received, "agent.tool_result") >= 1);

		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.beta().sessions().delete(this.sessionId))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("running"));
		interrupt();

		await().atMost(Duration.ofSeconds(20)).until(() -> count(received, "session.status_idle") == 1);
		BetaManagedAgentsStreamSessionEvents idle = received.stream()
			.filter(BetaManagedAgentsStreamSessionEvents::isSessionStatusIdle)
			.findFirst()
			.orElseThrow();
		assertThat(idle.asSessionStatusIdle().stopReason().isEndTurn()).isTrue();
		assertThat(count(received, "agent.tool_result")).isLessThan(FILES);
		assertThat(received.stream().map(TurnRecoveryTest::type)).contains("user.interrupt");
	}

	@Test
	void anInterruptStopsACallInTheMiddle() throws Exception {
		this.client.beta()
			.memoryStores()
			.memories()
			.create(this.storeId, MemoryCreateParams.builder().path("/big.md").content("a".repeat(100_000)).build());
		// 3,000 searches of 100 KB each: seconds of work in one call.
		String slow = String.join("; ", Collections.nCopies(3_000, "grep -c '[ab]*c' /mnt/memory/log/big.md"));
		List<BetaManagedAgentsStreamSessionEvents> received = follow();
		sendMessage("```memstore-script\n[{\"tool\": \"bash\", \"input\": {\"command\": \"" + slow
				+ "\"}}, {\"say\": \"never said\"}]\n```");
		await().atMost(Duration.ofSeconds(20)).until(() -> count(received, "span.model_request_start") == 1);
		Thread.sleep(1000);

		long interrupted = System.nanoTime();
		interrupt();

		await().atMost(Duration.ofSeconds(20)).until(() -> count(received, "session.status_idle") == 1);
		assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).as("well before the call's 10 s limit")
			.isLessThan(Duration.ofSeconds(5));
		BetaManagedAgentsStreamSessionEvents result = received.stream()
			.filter(BetaManagedAgentsStreamSessionEvents::isAgentToolResult)
			.findFirst()
			.orElseThrow();
		assertThat(result.asAgentToolResult().isError()).contains(true);
		assertThat(SdkEvents.json(result).path("content").path(0).path("text").asText())
			.contains("the user interrupted the turn");
		assertThat(received.stream().filter(BetaManagedAgentsStreamSessionEvents::isAgentMessage)).isEmpty();
		assertThat(received.stream()
			.filter(BetaManagedAgentsStreamSessionEvents::isSessionStatusIdle)
			.findFirst()
			.orElseThrow()
			.asSessionStatusIdle()
			.stopReason()
			.isEndTurn()).isTrue();
	}

	private List<BetaManagedAgentsStreamSessionEvents> follow() {
		return SessionMessages.follow(this.client.beta().sessions().events().streamStreaming(this.sessionId));
	}

	private void interrupt() {
		SessionMessages.interrupt(this.client, this.sessionId);
	}

	private void sendMessage(String text) {
		SessionMessages.send(this.client, this.sessionId, text);
	}

	private static String writeScript() {
		List<String> steps = new ArrayList<>();
		for (int i = 0; i < FILES; i++) {
			steps.add("{\"tool\": \"write\", \"input\": {\"file_path\": \"/mnt/memory/log/" + i
					+ ".md\", \"content\": \"entry " + i + "\"}}");
		}
		return "```memstore-script\n[" + String.join(",\n", steps) + "]\n```";
	}

	private static int count(List<BetaManagedAgentsStreamSessionEvents> events, String type) {
		return (int) events.stream().filter((event) -> type(event).equals(type)).count();
	}

	private static String type(BetaManagedAgentsStreamSessionEvents event) {
		return SdkEvents.type(event);
	}

}
