package dev.memstore.session;

import java.util.ArrayList;
import java.util.List;

import com.anthropic.core.JsonValue;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.environments.EnvironmentCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsFileResourceParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import com.anthropic.models.beta.sessions.SessionListPage;
import com.anthropic.models.beta.sessions.SessionListParams;
import com.anthropic.models.beta.sessions.SessionUpdateParams;
import com.anthropic.models.beta.sessions.resources.BetaManagedAgentsMemoryStoreResource;
import com.anthropic.models.beta.sessions.resources.ResourceAddParams;
import com.anthropic.models.beta.sessions.resources.ResourceDeleteParams;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Creating, reading, listing, updating, archiving and deleting sessions, and the rules
 * for the stores they mount.
 */
@MemstoreIntegrationTest
class SessionsApiTest extends SessionTestSupport {

	@Test
	void createSnapshotsTheAgentAndEachMountedStore() {
		String notes = newStore("Team Notes");
		String sameSlug = newStore("team-notes");
		BetaManagedAgentsSession session = this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder()
				.agent(this.agentId)
				.environmentId(this.environmentId)
				.addResource(BetaManagedAgentsMemoryStoreResourceParam.builder()
					.type(JsonValue.from("memory_store"))
					.memoryStoreId(notes)
					.instructions("Keep it short.")
					.build())
				.addResource(mount(sameSlug, Access.READ_ONLY))
				.title("Support chat")
				.build());

		assertThat(session.id()).startsWith("sesn_");
		assertThat(session.status()).hasToString("idle");
		assertThat(session.agent().id()).isEqualTo(this.agentId);
		assertThat(session.agent().version()).isEqualTo(1);
		assertThat(session.title()).hasValue("Support chat");
		assertThat(session.vaultIds()).isEmpty();
		BetaManagedAgentsMemoryStoreResource first = session.resources().get(0).asMemoryStore();
		assertThat(first.memoryStoreId()).isEqualTo(notes);
		assertThat(first.access()).hasValueSatisfying((access) -> assertThat(access).hasToString("read_write"));
		assertThat(first.instructions()).hasValue("Keep it short.");
		assertThat(first.name()).hasValue("Team Notes");
		assertThat(first.description()).hasValue("about Team Notes");
		assertThat(first.mountPath()).hasValue("/mnt/memory/team-notes");
		assertThat(session.resources().get(1).asMemoryStore().mountPath()).hasValue("/mnt/memory/team-notes-2");

		this.client.beta()
			.memoryStores()
			.update(notes,
					com.anthropic.models.beta.memorystores.MemoryStoreUpdateParams.builder().name("Renamed").build());
		BetaManagedAgentsSession again = this.client.beta().sessions().retrieve(session.id());
		assertThat(again.resources().get(0).asMemoryStore().name()).as("a snapshot taken at attach time")
			.hasValue("Team Notes");
	}

	@Test
	void promptIsAcceptedForInstructionsAndInstructionsWins() {
		String storeId = newStore("Prefs");
		String sessionId = this.api.managedAgentsApi("POST", "/v1/sessions", this.workspace.apiKey())
			.json("""
					{"agent": "%s", "environment_id": "%s",
					 "resources": [{"type": "memory_store", "memory_store_id": "%s", "prompt": "old name"}]}"""
				.formatted(this.agentId, this.environmentId, storeId))
			.send()
			.json()
			.path("id")
			.asString();
		assertThat(this.client.beta().sessions().retrieve(sessionId).resources().get(0).asMemoryStore().instructions())
			.hasValue("old name");
		JsonNode both = this.api.managedAgentsApi("POST", "/v1/sessions", this.workspace.apiKey())
			.json("""
					{"agent": "%s", "environment_id": "%s",
					 "resources": [{"type": "memory_store", "memory_store_id": "%s", "prompt": "p",
					                "instructions": "i"}]}""".formatted(this.agentId, this.environmentId, storeId))
			.send()
			.json();
		assertThat(both.path("resources").get(0).path("instructions").asString()).isEqualTo("i");
	}

	@Test
	void createRefusesMoreThanEightStoresTheSameStoreTwiceAndArchivedStores() {
		List<String> stores = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			stores.add(newStore("store " + i));
		}
		SessionCreateParams.Builder nine = SessionCreateParams.builder()
			.agent(this.agentId)
			.environmentId(this.environmentId);
		stores.forEach((store) -> nine.addResource(mount(store, Access.READ_WRITE)));
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.beta().sessions().create(nine.build()))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("more than 8 memory_store"));

		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(
					() -> newSession(mount(stores.get(0), Access.READ_WRITE), mount(stores.get(0), Access.READ_ONLY)))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("attached twice"));

		this.client.beta().memoryStores().archive(stores.get(1));
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> newSession(mount(stores.get(1), Access.READ_WRITE)))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("archived"));

		String tooLong = "x".repeat(4097);
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder()
				.agent(this.agentId)
				.environmentId(this.environmentId)
				.addResource(BetaManagedAgentsMemoryStoreResourceParam.builder()
					.type(JsonValue.from("memory_store"))
					.memoryStoreId(stores.get(2))
					.instructions(tooLong)
					.build())
				.build()));
		assertThat(this.client.beta()
			.sessions()
			.list(SessionListParams.builder().memoryStoreId(stores.get(0)).build())
			.items()).as("nothing was created by a refused request").isEmpty();
	}

	@Test
	void createRefusesUnknownAndForeignReferences() {
		TestWorkspaces.Workspace other = TestWorkspaces.create(this.port);
		String foreignStore = Sdk.client(this.port, other.apiKey())
			.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("theirs").build())
			.id();
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> newSession(mount(foreignStore, Access.READ_WRITE)));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent("agent_unknown").environmentId(this.environmentId).build()));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent(this.agentId).environmentId("env_unknown").build()));

		String archivedEnvironment = this.client.beta()
			.environments()
			.create(EnvironmentCreateParams.builder().name("old").build())
			.id();
		this.client.beta().environments().archive(archivedEnvironment);
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent(this.agentId).environmentId(archivedEnvironment).build()));

		String mine = newSession().id();
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> Sdk.client(this.port, other.apiKey()).beta().sessions().retrieve(mine));
	}

	@Test
	void updateChangesTitleAndPatchesMetadata() {
		String sessionId = newSession().id();
		BetaManagedAgentsSession updated = this.client.beta()
			.sessions()
			.update(sessionId,
					SessionUpdateParams.builder()
						.title("Renamed")
						.metadata(SessionUpdateParams.Metadata.builder()
							.putAdditionalProperty("customer", JsonValue.from("acme"))
							.putAdditionalProperty("tier", JsonValue.from("gold"))
							.build())
						.build());
		assertThat(updated.title()).hasValue("Renamed");
		assertThat(updated.metadata()._additionalProperties()).containsOnlyKeys("customer", "tier");

		BetaManagedAgentsSession patched = this.client.beta()
			.sessions()
			.update(sessionId,
					SessionUpdateParams.builder()
						.metadata(SessionUpdateParams.Metadata.builder()
							.putAdditionalProperty("tier", JsonValue.from(null))
							.build())
						.build());
		assertThat(patched.metadata()._additionalProperties()).containsOnlyKeys("customer");
		assertThat(patched.title()).hasValue("Renamed");
	}

	@Test
	void archiveIsIdempotentAndDeleteRemovesTheSession() {
		String sessionId = newSession().id();
		BetaManagedAgentsSession archived = this.client.beta().sessions().archive(sessionId);
		assertThat(archived.archivedAt()).isPresent();
		assertThat(this.client.beta().sessions().archive(sessionId).archivedAt()).isEqualTo(archived.archivedAt());

		assertThat(this.client.beta().sessions().delete(sessionId).id()).isEqualTo(sessionId);
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.client.beta().sessions().retrieve(sessionId));
	}

	@Test
	void listFiltersByStoreAndStatusAndPagesBothWays() {
		String storeId = newStore("Shared");
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(newSession(mount(storeId, Access.READ_WRITE)).id());
		}
		newSession();

		SessionListPage first = this.client.beta()
			.sessions()
			.list(SessionListParams.builder().memoryStoreId(storeId).limit(2).build());
		assertThat(first.items()).extracting(BetaManagedAgentsSession::id)
			.containsExactly(created.get(4), created.get(3));
		List<String> all = first.autoPager().stream().map(BetaManagedAgentsSession::id).toList();
		assertThat(all).containsExactlyElementsOf(newestFirst(created));

		RawApi.Response page1 = this.api
			.managedAgentsApi("GET", "/v1/sessions?memory_store_id=" + storeId + "&limit=2", this.workspace.apiKey())
			.send();
		assertThat(page1.json().has("prev_page")).isTrue();
		assertThat(page1.json().path("prev_page").isNull()).isTrue();
		String next = page1.json().path("next_page").asString();
		JsonNode page2 = this.api
			.managedAgentsApi("GET", "/v1/sessions?memory_store_id=" + storeId + "&limit=2&page=" + next,
					this.workspace.apiKey())
			.send()
			.json();
		assertThat(page2.path("data").get(0).path("id").asString()).isEqualTo(created.get(2));
		JsonNode back = this.api
			.managedAgentsApi("GET",
					"/v1/sessions?memory_store_id=" + storeId + "&limit=2&page=" + page2.path("prev_page").asString(),
					this.workspace.apiKey())
			.send()
			.json();
		assertThat(back.path("data").get(0).path("id").asString()).isEqualTo(created.get(4));
		assertThat(back.path("data").get(1).path("id").asString()).isEqualTo(created.get(3));
		assertThat(back.path("prev_page").isNull()).isTrue();

		assertThat(this.client.beta()
			.sessions()
			.list(SessionListParams.builder()
				.memoryStoreId(storeId)
				.addStatus(SessionListParams.Status.RUNNING)
				.build())
			.items()).isEmpty();
		assertThat(this.client.beta()
			.sessions()
			.list(SessionListParams.builder()
				.memoryStoreId(storeId)
				.order(SessionListParams.Order.ASC)
				.addStatus(SessionListParams.Status.IDLE)
				.build())
			.items()).extracting(BetaManagedAgentsSession::id).containsExactlyElementsOf(created);
	}

	private static List<String> newestFirst(List<String> ids) {
		List<String> reversed = new ArrayList<>(ids);
		java.util.Collections.reverse(reversed);
		return reversed;
	}

	@Test
	void memoryStoreResourcesStayAndOnlyFilesCanBeAdded() {
		String storeId = newStore("Kept");
		BetaManagedAgentsSession session = newSession(mount(storeId, Access.READ_WRITE));
		String resourceId = this.client.beta()
			.sessions()
			.resources()
			.list(session.id())
			.items()
			.get(0)
			.asMemoryStore()
			._additionalProperties()
			.get("id")
			.asStringOrThrow();
		assertThat(resourceId).startsWith("sesrsc_");
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> this.client.beta()
			.sessions()
			.resources()
			.delete(resourceId, ResourceDeleteParams.builder().sessionId(session.id()).build()));

		assertThat(this.client.beta()
			.sessions()
			.resources()
			.add(session.id(),
					ResourceAddParams.builder()
						.betaManagedAgentsFileResourceParams(BetaManagedAgentsFileResourceParams.builder()
							.type(JsonValue.from("file"))
							.fileId("file_abc")
							.build())
						.build())
			.mountPath()).isEqualTo("/mnt/session/uploads/file_abc");
		RawApi.Response memoryStore = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + session.id() + "/resources", this.workspace.apiKey())
			.json("{\"type\":\"memory_store\",\"memory_store_id\":\"" + storeId + "\"}")
			.send();
		assertThat(memoryStore.status()).isEqualTo(400);
		assertThat(memoryStore.json().path("error").path("message").asString())
			.contains("only when the session is created");
	}

}
