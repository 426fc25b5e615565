package dev.memstore.selfhosted;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWork;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWorkHeartbeatResponse;
import com.anthropic.models.beta.environments.work.WorkPollParams;
import com.anthropic.models.beta.environments.work.WorkRetrieveParams;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.SessionMessages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The authorization matrix of self-hosted credentials (protocol §4.2), each credential on
 * each class of route: the environment key polls, lists and serves work of its own
 * environment only; a sessions token serves its item, reads and sends its session's
 * events and uses the stores its session mounts (as the session's actor), and nothing
 * else; an API key is refused where only workers call.
 */
@MemstoreIntegrationTest
class CredentialScopesTest extends SelfHostedTestSupport {

	String writableStore;

	String readOnlyStore;

	String otherStore;

	String sessionId;

	BetaSelfHostedWork work;

	AnthropicClient holder;

	@BeforeEach
	void aDeliveredSessionMountingTwoStores() {
		this.writableStore = store("Notes");
		this.readOnlyStore = store("Policies");
		this.otherStore = store("Unmounted");
		this.sessionId = this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder()
				.agent(this.agentId)
				.environmentId(this.environmentId)
				.addResource(mount(this.writableStore, BetaManagedAgentsMemoryStoreResourceParam.Access.READ_WRITE))
				.addResource(mount(this.readOnlyStore, BetaManagedAgentsMemoryStoreResourceParam.Access.READ_ONLY))
				.build())
			.id();
		this.work = pollOnce();
		this.holder = Sdk.bearerClient(this.port, sessionsToken(this.work));
	}

	@Test
	void anApiKeyIsRefusedWhereOnlyWorkersCallAndAcceptedWhereTheApiKeyIsAsked() {
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> this.client.beta().environments().work().poll(this.environmentId));
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> this.client.beta().environments().work().list(this.environmentId));
		assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(() -> ack(this.client, this.work.id()));
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> heartbeat(this.client, this.work.id(), "NO_HEARTBEAT", null));
		assertThat(retrieve(this.client).id()).isEqualTo(this.work.id());
		assertThat(this.client.beta().environments().work().stats(this.environmentId).pending()).isEqualTo(1);
	}

	@Test
	void theEnvironmentKeyServesItsOwnEnvironmentsWorkAndNothingElse() {
		assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(() -> retrieve(this.worker));
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> this.worker.beta().environments().work().stats(this.environmentId));
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.worker.beta().sessions().retrieve(this.sessionId));
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.worker.beta().memoryStores().memories().list(this.writableStore));
		assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> this.worker.beta().agents().list());

		String otherEnvironment = selfHostedEnvironment("Other workers");
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.worker.beta().environments().work().poll(otherEnvironment));
		AnthropicClient otherKey = Sdk.bearerClient(this.port, issueKey(otherEnvironment));
		assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> otherKey.beta()
			.environments()
			.work()
			.ack(this.work.id(),
					com.anthropic.models.beta.environments.work.WorkAckParams.builder()
						.environmentId(this.environmentId)
						.build()));
		assertThat(ack(this.worker, this.work.id()).state().toString()).isEqualTo("starting");
	}

	@Test
	void theSessionsTokenServesItsItemAndReadsAndSendsItsSessionsEventsOnly() {
		assertThat(ack(this.holder, this.work.id()).state().toString()).isEqualTo("starting");
		assertThat(heartbeat(this.holder, this.work.id(), "NO_HEARTBEAT", null).leaseExtended()).isTrue();
		assertThat(this.holder.beta().sessions().retrieve(this.sessionId).id()).isEqualTo(this.sessionId);
		assertThat(this.holder.beta().sessions().events().list(this.sessionId).items()).isEmpty();
		SessionMessages.send(this.holder, this.sessionId, "sent by the worker");

		String otherSession = newSession();
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.holder.beta().sessions().retrieve(otherSession));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.holder.beta().sessions().events().list(otherSession));
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.holder.beta().sessions().archive(this.sessionId));
		assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> this.holder.beta().agents().list());
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> this.holder.beta().environments().work().poll(this.environmentId));
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> this.holder.beta().environments().work().list(this.environmentId));
		assertThatExceptionOfType(UnauthorizedException.class).isThrownBy(() -> retrieve(this.holder));
		BetaSelfHostedWork otherItem = this.worker.beta()
			.environments()
			.work()
			.poll(this.environmentId, WorkPollParams.builder().blockMs(999L).build())
			.orElseThrow();
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> heartbeat(this.holder, otherItem.id(), "NO_HEARTBEAT", null));
	}

	@Test
	void theSessionsTokenWritesItsSessionsWritableStoresAsTheSessionAndOnlyReadsTheOthersItMounts() {
		this.holder.beta()
			.memoryStores()
			.memories()
			.create(this.writableStore,
					MemoryCreateParams.builder().path("/from-worker.md").content("written on the host").build());
		BetaManagedAgentsMemoryVersion version = this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.writableStore, MemoryVersionListParams.builder().build())
			.items()
			.get(0);
		assertThat(version.createdBy().orElseThrow().isSession()).isTrue();
		assertThat(version.createdBy().orElseThrow().asSession().sessionId()).isEqualTo(this.sessionId);
		assertThat(this.holder.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.writableStore, MemoryVersionListParams.builder().build())
			.items()).hasSize(1);

		this.client.beta()
			.memoryStores()
			.memories()
			.create(this.readOnlyStore, MemoryCreateParams.builder().path("/policy.md").content("rules").build());
		assertThat(this.holder.beta().memoryStores().memories().list(this.readOnlyStore).items()).hasSize(1);
		assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> this.holder.beta()
			.memoryStores()
			.memories()
			.create(this.readOnlyStore, MemoryCreateParams.builder().path("/mine.md").content("no").build()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.holder.beta().memoryStores().memories().list(this.otherStore));
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.holder.beta().memoryStores().retrieve(this.writableStore));
		assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> this.holder.beta()
			.memoryStores()
			.memoryVersions()
			.redact(version.id(),
					com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionRedactParams.builder()
						.memoryStoreId(this.writableStore)
						.build()));
	}

	@Test
	void anArchivedSessionReadsAsTerminatedToItsWorkerWhichFlushesItsMemoryAndStopsTheItem() {
		ack(this.worker, this.work.id());
		String lease = heartbeat(this.holder, this.work.id(), "NO_HEARTBEAT", null).lastHeartbeat();

		this.client.beta().sessions().archive(this.sessionId);
		assertThat(this.holder.beta().sessions().retrieve(this.sessionId).status().toString())
			.as("the worker sees the session ended")
			.isEqualTo("terminated");
		assertThat(this.client.beta().sessions().retrieve(this.sessionId).status().toString())
			.as("an API key sees it as before")
			.isEqualTo("idle");
		BetaSelfHostedWorkHeartbeatResponse told = heartbeat(this.holder, this.work.id(), lease, null);
		assertThat(told.leaseExtended()).isFalse();
		assertThat(told.state().toString()).isEqualTo("stopping");
		// The worker's last upload of what it held of the session's memory.
		this.holder.beta()
			.memoryStores()
			.memories()
			.create(this.writableStore,
					MemoryCreateParams.builder().path("/last-words.md").content("flushed on the way out").build());
		assertThat(stop(this.holder, this.work.id(), true).state().toString()).isEqualTo("stopped");

		assertThatExceptionOfType(UnauthorizedException.class).as("the item stopped, its token with it")
			.isThrownBy(() -> this.holder.beta().sessions().retrieve(this.sessionId));
		assertThat(this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.writableStore, MemoryVersionListParams.builder().build())
			.items()
			.get(0)
			.createdBy()
			.orElseThrow()
			.asSession()
			.sessionId()).isEqualTo(this.sessionId);
	}

	@Test
	void aDeletedSessionsItemStopsAtOnce() {
		ack(this.worker, this.work.id());
		heartbeat(this.holder, this.work.id(), "NO_HEARTBEAT", null);
		this.client.beta().sessions().delete(this.sessionId);
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> this.holder.beta().sessions().retrieve(this.sessionId));
		assertThat(this.client.beta()
			.environments()
			.work()
			.retrieve(this.work.id(), WorkRetrieveParams.builder().environmentId(this.environmentId).build())
			.state()
			.toString()).isEqualTo("stopped");
	}

	@Test
	void aRevokedEnvironmentKeyIsRefusedAtOnce() {
		RawApi.Response keys = this.api.operator("GET", keysPath(this.environmentId)).send();
		String keyId = keys.json().path("data").get(0).path("id").asString();
		RawApi.Response revoked = this.api.operator("POST", keysPath(this.environmentId) + "/" + keyId + "/revoke")
			.send();
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.json().path("revoked_at").isString()).isTrue();

		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> this.worker.beta().environments().work().poll(this.environmentId));
		RawApi.Response listed = this.api.operator("GET", keysPath(this.environmentId)).send();
		assertThat(listed.json().path("data").get(0).path("status").asString()).isEqualTo("revoked");
		assertThat(listed.json().path("data").get(0).has("secret")).isFalse();
		// A delivered item's token outlives the key that polled it, until the item stops.
		assertThat(this.holder.beta().sessions().retrieve(this.sessionId).id()).isEqualTo(this.sessionId);
	}

	private BetaSelfHostedWork retrieve(AnthropicClient as) {
		return as.beta()
			.environments()
			.work()
			.retrieve(this.work.id(), WorkRetrieveParams.builder().environmentId(this.environmentId).build());
	}

	private String store(String name) {
		return this.client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name(name).build()).id();
	}

	private static BetaManagedAgentsMemoryStoreResourceParam mount(String storeId,
			BetaManagedAgentsMemoryStoreResourceParam.Access access) {
		return BetaManagedAgentsMemoryStoreResourceParam.builder()
			.memoryStoreId(storeId)
			.type(JsonValue.from("memory_store"))
			.access(access)
			.build();
	}

}
