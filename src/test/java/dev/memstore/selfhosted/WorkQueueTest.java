package dev.memstore.selfhosted;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.ConflictException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.beta.environments.work.BetaHeartbeatPreconditionFailedException;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWork;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWorkHeartbeatResponse;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWorkQueueStats;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWorkUpdateRequest;
import com.anthropic.models.beta.environments.work.WorkPollParams;
import com.anthropic.models.beta.environments.work.WorkRetrieveParams;
import com.anthropic.models.beta.environments.work.WorkUpdateParams;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The self-hosted work queue driven through the official Java SDK's work endpoints, as
 * the SDK's worker drives it: a session's item is polled with the environment key,
 * acknowledged, claimed and held by heartbeats with the delivery's sessions token, and
 * stopped; and every row of the protocol's failure table.
 */
@MemstoreIntegrationTest
class WorkQueueTest extends SelfHostedTestSupport {

	@Test
	void aSessionsItemIsPolledAcknowledgedClaimedAndHeldByHeartbeats() {
		String sessionId = newSession();

		BetaSelfHostedWork delivered = pollOnce();
		assertThat(delivered.id()).startsWith("work_");
		assertThat(delivered.environmentId()).isEqualTo(this.environmentId);
		assertThat(delivered.data().id()).isEqualTo(sessionId);
		assertThat(delivered.state().toString()).isEqualTo("queued");
		String token = sessionsToken(delivered);
		assertThat(token).startsWith("sk-memstore-st-");
		AnthropicClient holder = Sdk.bearerClient(this.port, token);

		BetaSelfHostedWork acked = ack(this.worker, delivered.id());
		assertThat(acked.state().toString()).isEqualTo("starting");
		assertThat(acked.acknowledgedAt()).isPresent();
		assertThat(acked.secret()).isEmpty();

		BetaSelfHostedWorkHeartbeatResponse claimed = heartbeat(holder, delivered.id(), "NO_HEARTBEAT", null);
		assertThat(claimed.leaseExtended()).isTrue();
		assertThat(claimed.state().toString()).isEqualTo("active");
		assertThat(claimed.ttlSeconds()).isEqualTo(300);
		BetaSelfHostedWorkHeartbeatResponse next = heartbeat(holder, delivered.id(), claimed.lastHeartbeat(), 5000L);
		assertThat(next.lastHeartbeat()).isNotEqualTo(claimed.lastHeartbeat());
		assertThat(next.ttlSeconds()).isEqualTo(3600);

		BetaSelfHostedWork retrieved = this.client.beta()
			.environments()
			.work()
			.retrieve(delivered.id(), WorkRetrieveParams.builder().environmentId(this.environmentId).build());
		assertThat(retrieved.state().toString()).isEqualTo("active");
		assertThat(retrieved.startedAt()).isPresent();
		assertThat(retrieved.latestHeartbeatAt()).isPresent();
		assertThat(retrieved.secret()).isEmpty();
		List<BetaSelfHostedWork> listed = this.worker.beta().environments().work().list(this.environmentId).items();
		assertThat(listed).extracting(BetaSelfHostedWork::id).containsExactly(delivered.id());
		assertThat(listed.get(0).secret()).isEmpty();
		BetaSelfHostedWorkQueueStats stats = this.client.beta().environments().work().stats(this.environmentId);
		assertThat(stats.depth()).isZero();
		assertThat(stats.pending()).isZero();
		assertThat(stats.oldestQueuedAt()).isEmpty();
		assertThat(stats.workersPolling()).contains(1L);
	}

	@Test
	void statsCountQueuedAndDeliveredItemsAndUpdatePatchesMetadata() {
		newSession();
		newSession();
		BetaSelfHostedWorkQueueStats before = this.client.beta().environments().work().stats(this.environmentId);
		assertThat(before.depth()).isEqualTo(2);
		assertThat(before.workersPolling()).isEmpty();
		BetaSelfHostedWork delivered = pollOnce();
		BetaSelfHostedWorkQueueStats after = this.client.beta().environments().work().stats(this.environmentId);
		assertThat(after.depth()).isEqualTo(1);
		assertThat(after.pending()).isEqualTo(1);
		assertThat(after.oldestQueuedAt()).isPresent();

		update(delivered.id(), JsonValue.from(java.util.Map.of("team", "blue", "region", "eu")));
		java.util.Map<String, Object> patch = new java.util.HashMap<>();
		patch.put("team", null);
		patch.put("tier", "gold");
		BetaSelfHostedWork updated = update(delivered.id(), JsonValue.from(patch));
		assertThat(updated.metadata()._additionalProperties()).containsOnlyKeys("region", "tier");
	}

	private BetaSelfHostedWork update(String workId, JsonValue metadata) {
		return this.client.beta()
			.environments()
			.work()
			.update(workId,
					WorkUpdateParams.builder()
						.environmentId(this.environmentId)
						.betaSelfHostedWorkUpdateRequest(BetaSelfHostedWorkUpdateRequest.builder()
							.metadata(BetaSelfHostedWorkUpdateRequest.Metadata.builder()
								.putAllAdditionalProperties(metadata.convert(java.util.Map.class))
								.build())
							.build())
						.build());
	}

	@Test
	void anEmptyPollAnswersJsonNullWithinBlockMsAndTheSdkReadsItAsNoWork() {
		long start = System.nanoTime();
		RawApi.Response empty = asWorker("GET", "/v1/environments/" + this.environmentId + "/work/poll?block_ms=300",
				this.environmentKey)
			.send();
		long elapsedMs = (System.nanoTime() - start) / 1_000_000;
		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.header("content-type")).startsWith("application/json");
		assertThat(empty.body()).isEqualTo("null");
		assertThat(elapsedMs).isBetween(290L, 900L);
		assertThat(this.worker.beta()
			.environments()
			.work()
			.poll(this.environmentId, WorkPollParams.builder().blockMs(1L).build())).isEmpty();
		for (String blockMs : List.of("0", "1000", "x")) {
			RawApi.Response refused = asWorker("GET",
					"/v1/environments/" + this.environmentId + "/work/poll?block_ms=" + blockMs, this.environmentKey)
				.send();
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.errorMessage()).contains("block_ms");
		}
	}

	@Test
	void aWaitingPollIsWokenWhenAnItemIsQueued() throws Exception {
		CompletableFuture<Optional<BetaSelfHostedWork>> waiting = CompletableFuture.supplyAsync(() -> this.worker.beta()
			.environments()
			.work()
			.poll(this.environmentId, WorkPollParams.builder().blockMs(999L).build()));
		Thread.sleep(150);
		String sessionId = newSession();
		Optional<BetaSelfHostedWork> delivered = waiting.get(5, TimeUnit.SECONDS);
		assertThat(delivered).isPresent();
		assertThat(delivered.get().data().id()).isEqualTo(sessionId);
	}

	@Test
	void anItemNotAcknowledgedIsOfferedAgainAfterReclaimOlderThanMsWithANewToken() throws Exception {
		newSession();
		BetaSelfHostedWork first = pollOnce();
		assertThat(this.worker.beta().environments().work().poll(this.environmentId)).isEmpty();

		Thread.sleep(300);
		BetaSelfHostedWork again = this.worker.beta()
			.environments()
			.work()
			.poll(this.environmentId, WorkPollParams.builder().reclaimOlderThanMs(200L).build())
			.orElseThrow();

		assertThat(again.id()).isEqualTo(first.id());
		assertThat(sessionsToken(again)).isNotEqualTo(sessionsToken(first));
		assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(
				() -> heartbeat(Sdk.bearerClient(this.port, sessionsToken(first)), first.id(), "NO_HEARTBEAT", null));
	}

	@Test
	void anItemAcknowledgedButNeverClaimedIsOfferedAgainAfterTheClaimWindow() {
		newSession();
		BetaSelfHostedWork first = pollOnce();
		ack(this.worker, first.id());
		assertThat(this.worker.beta().environments().work().poll(this.environmentId)).isEmpty();

		BetaSelfHostedWork again = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.worker.beta().environments().work().poll(this.environmentId), Optional::isPresent)
			.orElseThrow();

		assertThat(again.id()).isEqualTo(first.id());
		assertThat(again.state().toString()).isEqualTo("queued");
		assertThat(again.acknowledgedAt()).isEmpty();
		assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(
				() -> heartbeat(Sdk.bearerClient(this.port, sessionsToken(first)), first.id(), "NO_HEARTBEAT", null));
	}

	@Test
	void anItemWhoseWorkerDiedMidSessionIsOfferedAgainAfterItsTtl() {
		newSession();
		BetaSelfHostedWork first = pollOnce();
		ack(this.worker, first.id());
		AnthropicClient dead = Sdk.bearerClient(this.port, sessionsToken(first));
		BetaSelfHostedWorkHeartbeatResponse last = heartbeat(dead, first.id(), "NO_HEARTBEAT", 1L);
		assertThat(last.ttlSeconds()).isEqualTo(10);
		long claimedAt = System.nanoTime();

		BetaSelfHostedWork again = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.worker.beta().environments().work().poll(this.environmentId), Optional::isPresent)
			.orElseThrow();

		assertThat(Duration.ofNanos(System.nanoTime() - claimedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
		assertThat(again.id()).isEqualTo(first.id());
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> heartbeat(dead, first.id(), last.lastHeartbeat(), null));
		// The next worker claims it afresh.
		ack(this.worker, again.id());
		assertThat(heartbeat(Sdk.bearerClient(this.port, sessionsToken(again)), again.id(), "NO_HEARTBEAT", null)
			.leaseExtended()).isTrue();
	}

	@Test
	void aSecondClaimerGets412WithTheLeaseAsStored() {
		newSession();
		BetaSelfHostedWork delivered = pollOnce();
		ack(this.worker, delivered.id());
		BetaSelfHostedWorkHeartbeatResponse claimed = heartbeat(Sdk.bearerClient(this.port, sessionsToken(delivered)),
				delivered.id(), "NO_HEARTBEAT", 60L);

		BetaHeartbeatPreconditionFailedException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
				BetaHeartbeatPreconditionFailedException.class,
				() -> heartbeat(this.worker, delivered.id(), "NO_HEARTBEAT", null));

		assertThat(refused.statusCode()).isEqualTo(412);
		assertThat(refused.headers().values("x-should-retry")).containsExactly("false");
		assertThat(refused.details().currentState().state().toString()).isEqualTo("active");
		assertThat(refused.details().currentState().leaseExtended()).isFalse();
		assertThat(refused.details().currentState().lastHeartbeat()).contains(claimed.lastHeartbeat());
		assertThat(refused.details().currentState().ttlSeconds()).isEqualTo(60);
		assertThatExceptionOfType(BetaHeartbeatPreconditionFailedException.class)
			.isThrownBy(() -> heartbeat(this.worker, delivered.id(), "2020-01-01T00:00:00Z", null));
	}

	@Test
	void aGracefulStopEndsTheLeaseAndTheWorkerForceStopsWhichRevokesItsToken() {
		String sessionId = newSession();
		BetaSelfHostedWork delivered = pollOnce();
		ack(this.worker, delivered.id());
		AnthropicClient holder = Sdk.bearerClient(this.port, sessionsToken(delivered));
		BetaSelfHostedWorkHeartbeatResponse claimed = heartbeat(holder, delivered.id(), "NO_HEARTBEAT", null);

		BetaSelfHostedWork stopping = stop(this.client, delivered.id(), false);
		assertThat(stopping.state().toString()).isEqualTo("stopping");
		assertThat(stopping.stopRequestedAt()).isPresent();
		BetaSelfHostedWorkHeartbeatResponse told = heartbeat(holder, delivered.id(), "anything", null);
		assertThat(told.leaseExtended()).isFalse();
		assertThat(told.state().toString()).isEqualTo("stopping");
		assertThat(told.lastHeartbeat()).isEqualTo(claimed.lastHeartbeat());
		// The token still works while stopping: the worker's final memory flush needs it.
		assertThat(holder.beta().sessions().retrieve(sessionId).id()).isEqualTo(sessionId);

		BetaSelfHostedWork stopped = stop(holder, delivered.id(), true);
		assertThat(stopped.state().toString()).isEqualTo("stopped");
		assertThat(stopped.stoppedAt()).isPresent();
		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> stop(this.worker, delivered.id(), true));
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> holder.beta().sessions().retrieve(sessionId));
		assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> ack(this.worker, delivered.id()));
	}

	@Test
	void aStoppedItemIsReplacedAtOnceWhileItsSessionsTurnIsUnfinished() {
		String agentId = SessionFixtures.agentWithClientTools(this.client, "memstore-offline");
		String sessionId = this.client.beta()
			.sessions()
			.create(com.anthropic.models.beta.sessions.SessionCreateParams.builder()
				.agent(agentId)
				.environmentId(this.environmentId)
				.build())
			.id();
		BetaSelfHostedWork first = pollOnce();
		SessionMessages.send(this.client, sessionId, "Run this:\n```memstore-script\n"
				+ "[{\"tool\": \"lookup_order\", \"input\": {\"order_id\": \"A-1\"}}]\n```\n");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.client.beta()
				.sessions()
				.events()
				.list(sessionId)
				.items()
				.stream()
				.anyMatch((event) -> event.isSessionStatusIdle()));

		stop(this.worker, first.id(), true);

		List<BetaSelfHostedWork> items = this.worker.beta().environments().work().list(this.environmentId).items();
		assertThat(items).hasSize(2);
		assertThat(items.get(0).state().toString()).isEqualTo("queued");
		assertThat(items.get(0).data().id()).isEqualTo(sessionId);
		assertThat(items.get(1).id()).isEqualTo(first.id());
	}

	@Test
	void aMessageToASessionWithoutALiveItemQueuesOneAndArchivingStopsIt() {
		String sessionId = newSession();
		BetaSelfHostedWork first = pollOnce();
		stop(this.worker, first.id(), true);
		assertThat(this.worker.beta().environments().work().poll(this.environmentId)).isEmpty();

		SessionMessages.send(this.client, sessionId, "hello again");
		BetaSelfHostedWork second = pollOnce();
		assertThat(second.id()).isNotEqualTo(first.id());
		assertThat(second.data().id()).isEqualTo(sessionId);
		// One live item per session: a second message queues nothing more.
		SessionMessages.send(this.client, sessionId, "and again");
		assertThat(this.worker.beta().environments().work().list(this.environmentId).items()).hasSize(2);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.client.beta().sessions().retrieve(sessionId).status().toString().equals("idle"));
		this.client.beta().sessions().archive(sessionId);
		BetaSelfHostedWork archived = this.client.beta()
			.environments()
			.work()
			.retrieve(second.id(), WorkRetrieveParams.builder().environmentId(this.environmentId).build());
		assertThat(archived.state().toString()).isEqualTo("stopped");
	}

}
