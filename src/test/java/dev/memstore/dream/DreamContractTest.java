package dev.memstore.dream;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.dreams.BetaDream;
import com.anthropic.models.beta.dreams.BetaDreamModelConfigParam;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import com.anthropic.models.beta.dreams.BetaOutputBehaviorUpdateExisting;
import com.anthropic.models.beta.dreams.DreamListParams;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.TestWorkspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every rule of the dream API's contract, as the official SDK's doc comments state them,
 * through the official Java SDK where it can send the request and as raw JSON where it
 * would refuse to.
 */
@MemstoreIntegrationTest
class DreamContractTest extends DreamTestSupport {

	String store;

	String session;

	@BeforeEach
	void aStoreAndASession() {
		this.store = newStore("Contract");
		this.session = sessionSaying(this.store, "hello");
	}

	@Test
	void inputsNeedExactlyOneMemoryStoreAndExactlyOneSessionsEntry() {
		assertRefused("{\"model\":\"memstore-offline\"}", "inputs is required");
		assertRefused(body("[" + sessions(this.session) + "]"), "exactly one memory_store entry");
		assertRefused(body("[" + store(this.store) + "]"), "exactly one sessions entry");
		assertRefused(body("[" + store(this.store) + "," + store(this.store) + "," + sessions(this.session) + "]"),
				"exactly one memory_store entry");
		assertRefused(body("[" + store(this.store) + "," + sessions(this.session) + "," + sessions(this.session) + "]"),
				"exactly one sessions entry");
		assertRefused(body("[" + store(this.store) + ",{\"type\":\"vault\"}]"), "inputs[1].type");
	}

	@Test
	void sessionIdsAreOneToAHundredWithoutDuplicates() {
		assertRefused(body("[" + store(this.store) + "," + sessions() + "]"), "1 to 100 session ids");
		List<String> many = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			many.add("sesn_" + i);
		}
		assertRefused(body("[" + store(this.store) + "," + sessions(many.toArray(String[]::new)) + "]"),
				"1 to 100 session ids");
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> create(dream(this.store, this.session, this.session)))
			.withMessageContaining("twice");
	}

	@Test
	void theModelIsAnIdOrAnObjectWhoseSpeedIsStandard() {
		BetaDream asObject = create(dream(this.store, this.session).model(BetaDreamModelConfigParam.builder()
			.id("claude-haiku-4-5")
			.speed(BetaDreamModelConfigParam.Speed.STANDARD)
			.build()));
		assertThat(asObject.model().id()).isEqualTo("claude-haiku-4-5");
		assertThat(asObject.model().speed())
			.hasValueSatisfying((speed) -> assertThat(speed.toString()).isEqualTo("standard"));
		assertThat(create(dream(this.store, this.session)).model().speed()).isPresent();

		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> create(dream(this.store, this.session).model(BetaDreamModelConfigParam.builder()
				.id("claude-haiku-4-5")
				.speed(BetaDreamModelConfigParam.Speed.FAST)
				.build())))
			.withMessageContaining("only standard");
		assertRefused("{\"inputs\":[" + store(this.store) + "," + sessions(this.session) + "]}", "model is required");
		assertRefused(body("[" + store(this.store) + "," + sessions(this.session) + "]").replace("\"memstore-offline\"",
				"\"" + "m".repeat(257) + "\""), "model must be 1 to 256 characters");
	}

	@Test
	void instructionsAreOneTo4096Characters() {
		assertThat(create(dream(this.store, this.session).instructions("x".repeat(4096))).instructions())
			.hasValue("x".repeat(4096));
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> create(dream(this.store, this.session).instructions("x".repeat(4097))))
			.withMessageContaining("instructions must be 1 to 4096 characters");
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> create(dream(this.store, this.session).instructions("")))
			.withMessageContaining("instructions must be 1 to 4096 characters");
		assertThat(create(dream(this.store, this.session)).instructions()).isEmpty();
	}

	@Test
	void updateExistingMustNameTheInputStore() {
		String other = newStore("Other");
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> create(dream(this.store, this.session)
				.outputBehavior(BetaOutputBehaviorUpdateExisting.builder().memoryStoreId(other).build())))
			.withMessageContaining("must be the memory store of the memory_store entry");
	}

	@Test
	void inputsOfAnotherWorkspaceAreNotFoundAndAnArchivedStoreIsRefused() {
		var elsewhere = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());
		String foreignStore = elsewhere.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Theirs").build())
			.id();
		String foreignSession = SessionFixtures.sessionMounting(elsewhere,
				SessionFixtures.agentWithToolset(elsewhere, "a", "memstore-offline"),
				SessionFixtures.environment(elsewhere, "e"), foreignStore);

		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> create(dream(foreignStore, this.session)));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> create(dream(this.store, this.session, foreignSession)))
			.withMessageContaining(foreignSession);
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> create(dream(this.store, "sesn_doesnotexist")));

		this.client.beta().memoryStores().archive(this.store);
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> create(dream(this.store, this.session)))
			.withMessageContaining("archived");
	}

	@Test
	void anotherWorkspacesDreamIsNotFound() {
		BetaDream dream = create(dream(this.store, this.session));
		var elsewhere = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());

		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> elsewhere.beta().dreams().retrieve(dream.id()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> elsewhere.beta().dreams().cancel(dream.id()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> elsewhere.beta().dreams().archive(dream.id()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.client.beta().dreams().retrieve("drm_nope"));
		assertThat(elsewhere.beta().dreams().list().data()).isEmpty();
	}

	@Test
	void theBetaHeaderIsRequiredAndErrorsAreTheEnvelope() {
		RawApi.Response withoutBeta = this.api.request("GET", "/v1/dreams")
			.header("x-api-key", this.workspace.apiKey())
			.send();
		assertThat(withoutBeta.status()).isEqualTo(400);
		assertThat(withoutBeta.errorMessage()).contains("dreaming-2026-04-21");
		assertThat(withoutBeta.header("request-id")).startsWith("req_");

		RawApi.Response badJson = dreamsApi("POST", "/v1/dreams", "{\"inputs\": [");
		assertThat(badJson.status()).isEqualTo(400);
		assertThat(badJson.errorType()).isEqualTo("invalid_request_error");
	}

	@Test
	void archiveHidesAFinalDreamAndIsIdempotentButRefusesAPendingOrRunningOne() {
		BetaDream done = awaitStatus(create(dream(this.store, this.session)).id(), BetaDreamStatus.COMPLETED);

		BetaDream archived = this.client.beta().dreams().archive(done.id());
		assertThat(archived.archivedAt()).isPresent();
		assertThat(this.client.beta().dreams().archive(done.id()).archivedAt()).isEqualTo(archived.archivedAt());
		assertThat(this.client.beta().dreams().retrieve(done.id()).archivedAt()).isPresent();
		assertThat(ids(DreamListParams.builder().build())).doesNotContain(done.id());
		assertThat(ids(DreamListParams.builder().includeArchived(true).build())).contains(done.id());
	}

	@Test
	void cancelingACompletedDreamIsRefused() {
		BetaDream done = awaitStatus(create(dream(this.store, this.session)).id(), BetaDreamStatus.COMPLETED);

		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.beta().dreams().cancel(done.id()))
			.withMessageContaining("completed");
		assertThat(this.client.beta().dreams().retrieve(done.id()).status()).isEqualTo(BetaDreamStatus.COMPLETED);
	}

	@Test
	void listsAreNewestFirstFilteredByStatusAndCreationTimeAndPaged() {
		BetaDream first = awaitStatus(create(dream(this.store, this.session)).id(), BetaDreamStatus.COMPLETED);
		BetaDream second = awaitStatus(create(dream(this.store, this.session)).id(), BetaDreamStatus.COMPLETED);
		BetaDream third = awaitStatus(create(dream(this.store, this.session)).id(), BetaDreamStatus.COMPLETED);
		this.client.beta().dreams().archive(third.id());

		assertThat(ids(DreamListParams.builder().build())).containsExactly(second.id(), first.id());
		assertThat(ids(DreamListParams.builder().includeArchived(true).limit(1).build()))
			.as("every page, one dream at a time")
			.containsExactly(third.id(), second.id(), first.id());
		assertThat(ids(DreamListParams.builder().addStatus(BetaDreamStatus.FAILED).build())).isEmpty();
		assertThat(ids(DreamListParams.builder()
			.addStatus(BetaDreamStatus.COMPLETED)
			.addStatus(BetaDreamStatus.FAILED)
			.build())).containsExactly(second.id(), first.id());
		OffsetDateTime secondCreated = second.createdAt();
		assertThat(ids(DreamListParams.builder().createdAtGt(secondCreated).includeArchived(true).build()))
			.containsExactly(third.id());
		assertThat(ids(DreamListParams.builder().createdAtLt(secondCreated).build())).containsExactly(first.id());

		RawApi.Response badStatus = dreamsApi("GET", "/v1/dreams?statuses[]=sleeping", null);
		assertThat(badStatus.status()).isEqualTo(400);
		assertThat(badStatus.errorMessage()).contains("statuses[]");
	}

	private List<String> ids(DreamListParams params) {
		return this.client.beta().dreams().list(params).autoPager().stream().map(BetaDream::id).toList();
	}

	private void assertRefused(String json, String message) {
		RawApi.Response response = dreamsApi("POST", "/v1/dreams", json);
		assertThat(response.status()).as(json).isEqualTo(400);
		assertThat(response.errorType()).isEqualTo("invalid_request_error");
		assertThat(response.errorMessage()).contains(message);
	}

	private static String body(String inputs) {
		return "{\"model\":\"memstore-offline\",\"inputs\":" + inputs + "}";
	}

	private static String store(String id) {
		return "{\"type\":\"memory_store\",\"memory_store_id\":\"" + id + "\"}";
	}

	private static String sessions(String... ids) {
		return "{\"type\":\"sessions\",\"session_ids\":["
				+ String.join(",", List.of(ids).stream().map((id) -> "\"" + id + "\"").toList()) + "]}";
	}

}
