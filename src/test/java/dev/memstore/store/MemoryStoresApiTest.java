package dev.memstore.store;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.beta.memorystores.BetaManagedAgentsDeletedMemoryStore;
import com.anthropic.models.beta.memorystores.BetaManagedAgentsMemoryStore;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreUpdateParams;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Memory stores through the official Java SDK: every endpoint, every limit, and the
 * errors the SDK maps to its exception types.
 */
@MemstoreIntegrationTest
class MemoryStoresApiTest {

	@LocalServerPort
	int port;

	AnthropicClient client;

	String apiKey;

	@BeforeEach
	void newWorkspace() {
		this.apiKey = TestWorkspaces.create(this.port).apiKey();
		this.client = Sdk.client(this.port, this.apiKey);
	}

	@Test
	void createWithOnlyANameFillsEveryFieldWithItsDefault() {
		BetaManagedAgentsMemoryStore store = create("Demo Memory");

		assertThat(store.id()).startsWith("memstore_");
		assertThat(store._type()).isEqualTo(JsonValue.from("memory_store"));
		assertThat(store.name()).isEqualTo("Demo Memory");
		assertThat(store.description()).isEmpty();
		assertThat(metadataOf(store)).isEmpty();
		assertThat(store.archivedAt()).isEmpty();
		assertThat(store.updatedAt()).isEqualTo(store.createdAt());
	}

	@Test
	void createKeepsDescriptionAndMetadata() {
		BetaManagedAgentsMemoryStore store = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder()
				.name("User Preferences")
				.description("What each user likes")
				.metadata(MemoryStoreCreateParams.Metadata.builder()
					.putAdditionalProperty("team", JsonValue.from("growth"))
					.putAdditionalProperty("owner", JsonValue.from("maya"))
					.build())
				.build());

		assertThat(store.description()).isEqualTo("What each user likes");
		assertThat(metadataOf(store)).containsExactlyInAnyOrderEntriesOf(Map.of("team", "growth", "owner", "maya"));
	}

	@Test
	void retrieveReturnsExactlyWhatCreateReturned() {
		BetaManagedAgentsMemoryStore created = create("Notes");

		BetaManagedAgentsMemoryStore retrieved = this.client.beta().memoryStores().retrieve(created.id());

		assertThat(retrieved).isEqualTo(created);
	}

	@Test
	void unknownMalformedAndDeletedIdsAreNotFound() {
		BetaManagedAgentsMemoryStore deleted = create("Gone");
		this.client.beta().memoryStores().delete(deleted.id());

		for (String id : new String[] { "memstore_01AAAAAAAAAAAAAAAAAAAAAAAA", "not-an-id", deleted.id() }) {
			NotFoundException error = assertThrows(NotFoundException.class,
					() -> this.client.beta().memoryStores().retrieve(id));
			assertThat(error.type()).contains(ErrorType.NOT_FOUND_ERROR);
			assertThat(error.requestId()).hasValueSatisfying((requestId) -> assertThat(requestId).startsWith("req_"));
		}
	}

	@Test
	void updateChangesOnlyTheFieldsGivenAndMovesUpdatedAt() {
		BetaManagedAgentsMemoryStore store = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Before").description("kept").build());

		BetaManagedAgentsMemoryStore updated = this.client.beta()
			.memoryStores()
			.update(store.id(), MemoryStoreUpdateParams.builder().name("After").build());

		assertThat(updated.name()).isEqualTo("After");
		assertThat(updated.description()).isEqualTo("kept");
		assertThat(updated.createdAt()).isEqualTo(store.createdAt());
		assertThat(updated.updatedAt()).isAfter(store.updatedAt());
		assertThat(this.client.beta().memoryStores().retrieve(store.id())).isEqualTo(updated);
	}

	@Test
	void updateThatChangesNothingKeepsUpdatedAt() {
		BetaManagedAgentsMemoryStore store = create("Same");

		BetaManagedAgentsMemoryStore updated = this.client.beta()
			.memoryStores()
			.update(store.id(), MemoryStoreUpdateParams.builder().name("Same").description("").build());

		assertThat(updated).isEqualTo(store);
	}

	@Test
	void updateWithAnEmptyDescriptionClearsIt() {
		BetaManagedAgentsMemoryStore store = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Described").description("old text").build());

		BetaManagedAgentsMemoryStore updated = this.client.beta()
			.memoryStores()
			.update(store.id(), MemoryStoreUpdateParams.builder().description("").build());

		assertThat(updated.description()).isEmpty();
	}

	@Test
	void updateMetadataIsAPatchInWhichNullRemovesAKey() {
		BetaManagedAgentsMemoryStore store = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder()
				.name("Tagged")
				.metadata(MemoryStoreCreateParams.Metadata.builder()
					.putAdditionalProperty("keep", JsonValue.from("1"))
					.putAdditionalProperty("change", JsonValue.from("2"))
					.putAdditionalProperty("drop", JsonValue.from("3"))
					.build())
				.build());

		BetaManagedAgentsMemoryStore updated = this.client.beta()
			.memoryStores()
			.update(store.id(),
					MemoryStoreUpdateParams.builder()
						.metadata(MemoryStoreUpdateParams.Metadata.builder()
							.putAdditionalProperty("change", JsonValue.from("two"))
							.putAdditionalProperty("drop", JsonValue.from(null))
							.putAdditionalProperty("add", JsonValue.from("4"))
							.build())
						.build());

		assertThat(metadataOf(updated))
			.containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "change", "two", "add", "4"));
	}

	@Test
	void updateAcceptsThePatchVerbToo() {
		BetaManagedAgentsMemoryStore store = create("Patched");

		RawApi.Response response = new RawApi(this.port)
			.memoryApi("PATCH", "/v1/memory_stores/" + store.id(), this.apiKey)
			.json("{\"name\":\"Renamed\"}")
			.send();

		assertThat(response.status()).isEqualTo(200);
		assertThat(this.client.beta().memoryStores().retrieve(store.id()).name()).isEqualTo("Renamed");
	}

	@Test
	void archiveSetsArchivedAtOnceAndRepeatingItChangesNothing() {
		BetaManagedAgentsMemoryStore store = create("Old project");

		BetaManagedAgentsMemoryStore archived = this.client.beta().memoryStores().archive(store.id());
		BetaManagedAgentsMemoryStore again = this.client.beta().memoryStores().archive(store.id());

		assertThat(archived.archivedAt()).isPresent();
		assertThat(archived.updatedAt()).isEqualTo(archived.archivedAt().get());
		assertThat(again).isEqualTo(archived);
	}

	@Test
	void archivedStoreRefusesUpdatesButCanBeReadAndDeleted() {
		BetaManagedAgentsMemoryStore store = create("Frozen");
		BetaManagedAgentsMemoryStore archived = this.client.beta().memoryStores().archive(store.id());

		BadRequestException refused = assertThrows(BadRequestException.class,
				() -> this.client.beta()
					.memoryStores()
					.update(store.id(), MemoryStoreUpdateParams.builder().name("Thawed").build()));
		assertThat(refused.type()).contains(ErrorType.INVALID_REQUEST_ERROR);
		assertThat(refused.apiMessage()).hasValueSatisfying((message) -> assertThat(message).contains("archived"));

		assertThat(this.client.beta().memoryStores().retrieve(store.id())).isEqualTo(archived);
		assertThat(this.client.beta().memoryStores().delete(store.id()).id()).isEqualTo(store.id());
	}

	@Test
	void deleteAnswersTheDeletedObjectAndTheStoreIsGone() {
		BetaManagedAgentsMemoryStore store = create("Temporary");

		BetaManagedAgentsDeletedMemoryStore deleted = this.client.beta().memoryStores().delete(store.id());

		assertThat(deleted.id()).isEqualTo(store.id());
		assertThat(deleted._type()).isEqualTo(JsonValue.from("memory_store_deleted"));
		assertThrows(NotFoundException.class, () -> this.client.beta().memoryStores().delete(store.id()));
		assertThrows(NotFoundException.class, () -> this.client.beta().memoryStores().archive(store.id()));
		assertThrows(NotFoundException.class,
				() -> this.client.beta()
					.memoryStores()
					.update(store.id(), MemoryStoreUpdateParams.builder().name("x").build()));
	}

	@Test
	void nameMustHaveOneTo255CharactersWithoutControlCharacters() {
		assertThat(create("x".repeat(255)).name()).hasSize(255);
		// Characters, not bytes or UTF-16 units: 255 emoji are 1,020 bytes.
		assertThat(create("\uD83E\uDDE0".repeat(255)).name()).isEqualTo("\uD83E\uDDE0".repeat(255));

		assertInvalid(() -> create(""), "name");
		assertInvalid(() -> create("x".repeat(256)), "255");
		assertInvalid(() -> create("two\nlines"), "control");
		assertInvalid(() -> this.client.beta()
			.memoryStores()
			.update(create("Valid").id(), MemoryStoreUpdateParams.builder().name("").build()), "name");
	}

	@Test
	void descriptionMayHaveAtMost1024Characters() {
		assertThat(createDescribed("d".repeat(1024)).description()).hasSize(1024);
		assertThat(createDescribed("multi\nline").description()).isEqualTo("multi\nline");

		assertInvalid(() -> createDescribed("d".repeat(1025)), "1024");
	}

	@Test
	void metadataMayHold16PairsWithKeysUpTo64AndValuesUpTo512Characters() {
		assertThat(metadataOf(createWithMetadata(pairs(16, "k", "v")))).hasSize(16);
		assertThat(metadataOf(createWithMetadata(Map.of("k".repeat(64), "v".repeat(512), "empty", ""))))
			.containsEntry("empty", "");

		assertInvalid(() -> createWithMetadata(pairs(17, "k", "v")), "16");
		assertInvalid(() -> createWithMetadata(Map.of("k".repeat(65), "v")), "64");
		assertInvalid(() -> createWithMetadata(Map.of("", "v")), "metadata key");
		assertInvalid(() -> createWithMetadata(Map.of("k", "v".repeat(513))), "512");
	}

	@Test
	void metadataPatchThatWouldExceed16PairsIsRefusedAndChangesNothing() {
		BetaManagedAgentsMemoryStore store = createWithMetadata(pairs(16, "k", "v"));

		assertInvalid(() -> this.client.beta()
			.memoryStores()
			.update(store.id(),
					MemoryStoreUpdateParams.builder()
						.name("Renamed")
						.metadata(MemoryStoreUpdateParams.Metadata.builder()
							.putAdditionalProperty("one-more", JsonValue.from("v"))
							.build())
						.build()),
				"16");

		assertThat(this.client.beta().memoryStores().retrieve(store.id())).isEqualTo(store);
	}

	@Test
	void createWithoutANameIsRefused() {
		RawApi.Response response = new RawApi(this.port).memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.json("{\"description\":\"no name\"}")
			.send();

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorMessage()).isEqualTo("name is required");
	}

	@Test
	void valuesOfTheWrongJsonTypeAreRefusedNotCoerced() {
		RawApi api = new RawApi(this.port);
		for (String body : new String[] { "{\"name\":5}", "{\"name\":true}", "{\"name\":[\"a\"]}",
				"{\"name\":\"ok\",\"description\":7}", "{\"name\":\"ok\",\"metadata\":{\"k\":5}}",
				"{\"name\":\"ok\",\"metadata\":[]}", "[]", "\"name\"" }) {
			RawApi.Response response = api.memoryApi("POST", "/v1/memory_stores", this.apiKey).json(body).send();
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.errorType()).as(body).isEqualTo("invalid_request_error");
			assertThat(response.errorMessage()).as(body).doesNotContain("java.", "dev.memstore", "Coercion");
		}
		assertThat(this.client.beta().memoryStores().list().data()).isEmpty();
		assertThat(api.memoryApi("POST", "/v1/memory_stores", this.apiKey).json("{\"name\":5}").send().errorMessage())
			.isEqualTo("request body field 'name' must be a string");
		assertThat(api.memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.json("{\"name\":\"ok\",\"metadata\":{\"k\":5}}")
			.send()
			.errorMessage()).isEqualTo("request body field 'metadata.k' must be a string");
	}

	@Test
	void textThatIsNotValidUnicodeIsRefused() {
		RawApi api = new RawApi(this.port);
		for (String body : new String[] { "{\"name\":\"bad \\ud800\"}", "{\"name\":\"ok\",\"description\":\"\\udc00\"}",
				"{\"name\":\"ok\",\"metadata\":{\"k\":\"\\ud800\"}}" }) {
			RawApi.Response response = api.memoryApi("POST", "/v1/memory_stores", this.apiKey).json(body).send();
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.errorMessage()).as(body).contains("Unicode");
		}
		// PostgreSQL cannot store U+0000: a clear refusal, not a database error.
		for (String body : new String[] { "{\"name\":\"ok\",\"description\":\"a\\u0000b\"}",
				"{\"name\":\"ok\",\"metadata\":{\"k\":\"\\u0000\"}}",
				"{\"name\":\"ok\",\"metadata\":{\"\\u0000\":\"v\"}}" }) {
			RawApi.Response response = api.memoryApi("POST", "/v1/memory_stores", this.apiKey).json(body).send();
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.errorMessage()).as(body).contains("U+0000");
		}
	}

	@Test
	void unknownBodyFieldsAreIgnored() {
		RawApi.Response response = new RawApi(this.port).memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.json("{\"name\":\"Tolerant\",\"color\":\"green\"}")
			.send();

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().has("color")).isFalse();
	}

	@Test
	void timestampsAreUtcWithAZSuffix() {
		RawApi.Response response = new RawApi(this.port).memoryApi("POST", "/v1/memory_stores", this.apiKey)
			.json("{\"name\":\"Clock\"}")
			.send();

		String createdAt = response.json().path("created_at").asString();
		assertThat(createdAt).endsWith("Z");
		assertThat(OffsetDateTime.parse(createdAt)).isNotNull();
		assertThat(response.json().path("archived_at").isNull()).isTrue();
	}

	private BetaManagedAgentsMemoryStore create(String name) {
		return this.client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name(name).build());
	}

	private BetaManagedAgentsMemoryStore createDescribed(String description) {
		return this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Described").description(description).build());
	}

	private BetaManagedAgentsMemoryStore createWithMetadata(Map<String, String> metadata) {
		MemoryStoreCreateParams.Metadata.Builder builder = MemoryStoreCreateParams.Metadata.builder();
		metadata.forEach((key, value) -> builder.putAdditionalProperty(key, JsonValue.from(value)));
		return this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Tagged").metadata(builder.build()).build());
	}

	private static Map<String, String> pairs(int count, String keyPrefix, String value) {
		Map<String, String> pairs = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			pairs.put(keyPrefix + i, value);
		}
		return pairs;
	}

	static Map<String, String> metadataOf(BetaManagedAgentsMemoryStore store) {
		Map<String, String> metadata = new LinkedHashMap<>();
		store.metadata()._additionalProperties().forEach((key, value) -> metadata.put(key, value.asStringOrThrow()));
		return metadata;
	}

	private static void assertInvalid(Executable call, String messageFragment) {
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(call::execute).satisfies((error) -> {
			assertThat(error.type()).contains(ErrorType.INVALID_REQUEST_ERROR);
			assertThat(error.apiMessage())
				.hasValueSatisfying((message) -> assertThat(message).contains(messageFragment));
			assertThat(error.headers().values("x-should-retry")).containsExactly("false");
		});
	}

}
