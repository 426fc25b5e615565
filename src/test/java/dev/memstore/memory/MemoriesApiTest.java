package dev.memstore.memory;

import java.nio.charset.StandardCharsets;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ConflictException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsDeletedMemory;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsPrecondition;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryDeleteParams;
import com.anthropic.models.beta.memorystores.memories.MemoryRetrieveParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import dev.memstore.support.Hashes;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Memories through the official Java SDK: create, retrieve, update, delete, with the path
 * and content rules, conflicts and preconditions.
 */
@MemstoreIntegrationTest
class MemoriesApiTest extends StoreTestSupport {

	private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	@Test
	void createAnswersTheBasicViewUnlessFullIsAskedFor() {
		BetaManagedAgentsMemory basic = create("/users/maya.md", "Prefers EU English.");
		BetaManagedAgentsMemory full = this.client.beta()
			.memoryStores()
			.memories()
			.create(this.storeId,
					MemoryCreateParams.builder()
						.path("/users/sam.md")
						.content("Prefers dark mode.")
						.view(BetaManagedAgentsMemoryView.FULL)
						.build());

		assertThat(basic.id()).startsWith("mem_");
		assertThat(basic.memoryStoreId()).isEqualTo(this.storeId);
		assertThat(basic.path()).isEqualTo("/users/maya.md");
		assertThat(basic.content()).isEmpty();
		assertThat(basic.contentSha256()).isEqualTo(Hashes.sha256("Prefers EU English."));
		assertThat(basic.contentSizeBytes()).isEqualTo(19);
		assertThat(basic.memoryVersionId()).startsWith("memver_");
		assertThat(basic.updatedAt()).isEqualTo(basic.createdAt());
		assertThat(full.content()).contains("Prefers dark mode.");
	}

	@Test
	void retrieveAnswersTheFullViewUnlessBasicIsAskedFor() {
		BetaManagedAgentsMemory created = create("/a.md", "alpha");

		BetaManagedAgentsMemory full = retrieve(created.id());
		BetaManagedAgentsMemory basic = this.client.beta()
			.memoryStores()
			.memories()
			.retrieve(created.id(),
					MemoryRetrieveParams.builder()
						.memoryStoreId(this.storeId)
						.view(BetaManagedAgentsMemoryView.BASIC)
						.build());

		assertThat(full.content()).contains("alpha");
		assertThat(basic.content()).isEmpty();
		assertThat(basic.toBuilder().content(JsonValue.from(null)).build())
			.isEqualTo(full.toBuilder().content(JsonValue.from(null)).build());
	}

	@Test
	void hashAndSizeAreThoseOfTheUtf8Bytes() {
		String text = "héllo \uD83E\uDDE0 日本";

		BetaManagedAgentsMemory memory = create("/unicode.md", text);
		BetaManagedAgentsMemory empty = create("/empty.md", "");

		assertThat(memory.contentSizeBytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length).isEqualTo(18);
		assertThat(memory.contentSha256()).isEqualTo(Hashes.sha256(text));
		assertThat(retrieve(memory.id()).content()).contains(text);
		assertThat(empty.contentSizeBytes()).isZero();
		assertThat(empty.contentSha256()).isEqualTo(EMPTY_SHA256);
	}

	@Test
	void contentMayHoldExactly102400BytesAndNotOneMore() {
		String twoByteCharacters = "é".repeat(51_200);
		String fourByteCharacters = "\uD83E\uDDE0".repeat(25_600);

		assertThat(create("/two.md", twoByteCharacters).contentSizeBytes()).isEqualTo(102_400);
		assertThat(create("/four.md", fourByteCharacters).contentSizeBytes()).isEqualTo(102_400);
		assertThat(retrieve(create("/ascii.md", "a".repeat(102_400)).id()).content()).hasValue("a".repeat(102_400));

		assertInvalid(() -> create("/over.md", twoByteCharacters + "a"), "102401 bytes");
		BetaManagedAgentsMemory small = create("/small.md", "x");
		assertInvalid(() -> update(small.id(), MemoryUpdateParams.builder().content(fourByteCharacters + "a")),
				"at most 102400 bytes");
	}

	@Test
	void theLargestValidBodyFitsUnderTheRequestSizeCap() {
		// Every byte a control character, which JSON escapes as six: about 614 KB on the
		// wire.
		String escapedOnTheWire = "\u0001".repeat(102_400);

		BetaManagedAgentsMemory memory = create("/escaped.md", escapedOnTheWire);

		assertThat(memory.contentSizeBytes()).isEqualTo(102_400);
		assertThat(retrieve(memory.id()).content()).contains(escapedOnTheWire);
	}

	@Test
	void contentIsRequiredOnCreateAndMustBeStorableText() {
		for (String body : new String[] { "{\"path\":\"/a.md\"}", "{\"path\":\"/a.md\",\"content\":null}" }) {
			RawApi.Response response = memoryApi("POST", "").json(body).send();
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.errorMessage()).as(body).contains("content is required");
		}
		assertThat(memoryApi("POST", "").json("{\"path\":\"/a.md\",\"content\":\"a\\u0000b\"}").send().errorMessage())
			.contains("U+0000");
		assertThat(memoryApi("POST", "").json("{\"path\":\"/a.md\",\"content\":\"\\ud800\"}").send().errorMessage())
			.contains("Unicode");
		assertThat(memoryApi("POST", "").json("{\"content\":\"x\"}").send().errorMessage())
			.isEqualTo("path is required");
	}

	@Test
	void pathsBreakingARuleAreRefusedByName() {
		String[][] cases = { { "notes.md", "must start with /" }, { "/notes/", "must not end with /" },
				{ "/a//b", "empty segments" }, { "/a/../b", ". or .." }, { "/" + "s/".repeat(20) + "s", "at most 20" },
				{ "/" + "x".repeat(1024), "at most 1024 bytes" }, { "/a\u200Bb", "format" }, { "/e\u0301.md", "NFC" } };
		for (String[] path : cases) {
			assertInvalid(() -> create(path[0], "x"), path[1]);
		}
		assertThat(create("/" + "x".repeat(1023), "ok").path()).hasSize(1024);
		assertThat(create("/" + "s/".repeat(19) + "s", "ok").path()).isEqualTo("/" + "s/".repeat(19) + "s");
	}

	@Test
	void pathsAreCaseSensitive() {
		create("/Notes.md", "upper");
		create("/notes.md", "lower");

		assertThat(this.client.beta().memoryStores().memories().list(this.storeId).data()).hasSize(2);
	}

	@Test
	void createNeverOverwritesAndNamesTheMemoryInTheWay() {
		BetaManagedAgentsMemory existing = create("/notes/todo.md", "first");

		JsonNode sameError = conflictOfCreate("/notes/todo.md");
		JsonNode ancestorError = conflictOfCreate("/notes");
		JsonNode descendantError = conflictOfCreate("/notes/todo.md/sub.md");

		for (JsonNode error : new JsonNode[] { sameError, ancestorError, descendantError }) {
			assertThat(error.path("type").asString()).isEqualTo("memory_path_conflict_error");
			assertThat(error.path("conflicting_memory_id").asString()).isEqualTo(existing.id());
			assertThat(error.path("conflicting_path").asString()).isEqualTo("/notes/todo.md");
		}
		assertThat(retrieve(existing.id()).content()).contains("first");
		assertThat(create("/notes-archive/todo.md", "a sibling prefix is no ancestor").path())
			.isEqualTo("/notes-archive/todo.md");
	}

	@Test
	void theSdkRaisesItsConflictErrorWithoutRetrying() {
		create("/once.md", "x");

		ConflictException conflict = assertThrows(ConflictException.class, () -> create("/once.md", "y"));

		assertThat(conflict.type()).contains(ErrorType.MEMORY_PATH_CONFLICT_ERROR);
		assertThat(conflict.headers().values("x-should-retry")).containsExactly("false");
	}

	@Test
	void whenSeveralMemoriesAreInTheWayTheFirstInByteOrderIsNamed() {
		create("/dir/b.md", "b");
		BetaManagedAgentsMemory first = create("/dir/B.md", "B");
		create("/dir/a.md", "a");

		JsonNode error = conflictOfCreate("/dir");

		assertThat(error.path("conflicting_path").asString()).isEqualTo("/dir/B.md");
		assertThat(error.path("conflicting_memory_id").asString()).isEqualTo(first.id());
	}

	@Test
	void aFreedPathCanBeReusedByANewMemory() {
		BetaManagedAgentsMemory gone = create("/reuse.md", "old");
		this.client.beta()
			.memoryStores()
			.memories()
			.delete(gone.id(), MemoryDeleteParams.builder().memoryStoreId(this.storeId).build());

		BetaManagedAgentsMemory again = create("/reuse.md", "new");

		assertThat(again.id()).isNotEqualTo(gone.id());
	}

	@Test
	void updateChangesContentPathOrBothKeepingTheId() {
		BetaManagedAgentsMemory created = create("/draft.md", "v1");

		BetaManagedAgentsMemory contentChanged = update(created.id(), MemoryUpdateParams.builder().content("v2"));
		BetaManagedAgentsMemory renamed = update(created.id(), MemoryUpdateParams.builder().path("/final.md"));
		BetaManagedAgentsMemory both = update(created.id(),
				MemoryUpdateParams.builder()
					.path("/archive/final.md")
					.content("v3")
					.view(BetaManagedAgentsMemoryView.FULL));

		assertThat(contentChanged.id()).isEqualTo(created.id());
		assertThat(contentChanged.contentSha256()).isEqualTo(Hashes.sha256("v2"));
		assertThat(contentChanged.memoryVersionId()).isNotEqualTo(created.memoryVersionId());
		assertThat(contentChanged.updatedAt()).isAfter(created.updatedAt());
		assertThat(contentChanged.createdAt()).isEqualTo(created.createdAt());
		assertThat(contentChanged.content()).isEmpty();
		assertThat(renamed.path()).isEqualTo("/final.md");
		assertThat(renamed.contentSha256()).isEqualTo(Hashes.sha256("v2"));
		assertThat(both.path()).isEqualTo("/archive/final.md");
		assertThat(both.content()).contains("v3");
		assertThat(retrieve(created.id())).isEqualTo(both);
		assertThat(versions(created.id())).isEqualTo(4);
	}

	@Test
	void anUpdateThatChangesNothingWritesNoVersion() {
		BetaManagedAgentsMemory created = create("/same.md", "same");

		BetaManagedAgentsMemory sameContent = update(created.id(), MemoryUpdateParams.builder().content("same"));
		BetaManagedAgentsMemory samePath = update(created.id(), MemoryUpdateParams.builder().path("/same.md"));
		BetaManagedAgentsMemory nothing = update(created.id(), MemoryUpdateParams.builder());

		assertThat(sameContent).isEqualTo(created);
		assertThat(samePath).isEqualTo(created);
		assertThat(nothing).isEqualTo(created);
		assertThat(versions(created.id())).isEqualTo(1);
	}

	@Test
	void aMemoryMayMoveBelowItsOwnOldPathButNotOntoAnother() {
		BetaManagedAgentsMemory memory = create("/topic", "x");
		BetaManagedAgentsMemory other = create("/other.md", "y");

		assertThat(update(memory.id(), MemoryUpdateParams.builder().path("/topic/index.md")).path())
			.isEqualTo("/topic/index.md");
		ConflictException conflict = assertThrows(ConflictException.class,
				() -> update(memory.id(), MemoryUpdateParams.builder().path("/other.md")));
		assertThat(conflict.type()).contains(ErrorType.MEMORY_PATH_CONFLICT_ERROR);
		assertThat(retrieve(other.id()).path()).isEqualTo("/other.md");
		assertThat(retrieve(memory.id()).path()).isEqualTo("/topic/index.md");
	}

	@Test
	void aPreconditionGuardsTheUpdateAgainstLostChanges() {
		BetaManagedAgentsMemory memory = create("/counter.md", "1");

		BetaManagedAgentsMemory second = update(memory.id(),
				MemoryUpdateParams.builder().content("2").precondition(sha("1")));
		ConflictException stale = assertThrows(ConflictException.class,
				() -> update(memory.id(), MemoryUpdateParams.builder().content("3").precondition(sha("1"))));
		BetaManagedAgentsMemory renameGuarded = update(memory.id(),
				MemoryUpdateParams.builder().path("/counter-2.md").precondition(sha("2")));
		ConflictException staleRename = assertThrows(ConflictException.class,
				() -> update(memory.id(), MemoryUpdateParams.builder().path("/x.md").precondition(sha("1"))));

		assertThat(second.contentSha256()).isEqualTo(Hashes.sha256("2"));
		assertThat(stale.type()).contains(ErrorType.MEMORY_PRECONDITION_FAILED_ERROR);
		assertThat(staleRename.type()).contains(ErrorType.MEMORY_PRECONDITION_FAILED_ERROR);
		assertThat(renameGuarded.path()).isEqualTo("/counter-2.md");
		assertThat(retrieve(memory.id()).content()).contains("2");
		assertThat(versions(memory.id())).isEqualTo(3);
	}

	@Test
	void aRetriedUpdateWhoseResultIsAlreadyInPlaceSucceedsWithoutANewVersion() {
		BetaManagedAgentsMemory memory = create("/retry.md", "before");
		BetaManagedAgentsMemory applied = update(memory.id(),
				MemoryUpdateParams.builder().content("after").precondition(sha("before")));

		BetaManagedAgentsMemory retried = update(memory.id(),
				MemoryUpdateParams.builder().content("after").precondition(sha("before")));

		assertThat(retried).isEqualTo(applied);
		assertThat(versions(memory.id())).isEqualTo(2);
	}

	@Test
	void malformedPreconditionsAreRefused() {
		String id = create("/p.md", "x").id();
		String[][] cases = { { "{\"content\":\"y\",\"precondition\":{\"type\":\"content_sha256\"}}", "is required" },
				{ "{\"content\":\"y\",\"precondition\":{\"type\":\"etag\",\"content_sha256\":\"" + Hashes.sha256("x")
						+ "\"}}", "must be content_sha256" },
				{ "{\"content\":\"y\",\"precondition\":{\"type\":\"content_sha256\",\"content_sha256\":\""
						+ Hashes.sha256("x").toUpperCase() + "\"}}", "64 lowercase hexadecimal" },
				{ "{\"content\":\"y\",\"precondition\":{\"type\":\"content_sha256\",\"content_sha256\":\"abc\"}}",
						"64 lowercase hexadecimal" } };
		for (String[] body : cases) {
			RawApi.Response response = memoryApi("POST", "/" + id).json(body[0]).send();
			assertThat(response.status()).as(body[0]).isEqualTo(400);
			assertThat(response.errorMessage()).as(body[0]).contains(body[1]);
		}
		assertThat(retrieve(id).content()).contains("x");
	}

	@Test
	void updateAcceptsPatchAsWellAsPost() {
		String id = create("/verb.md", "x").id();

		RawApi.Response response = memoryApi("PATCH", "/" + id).json("{\"content\":\"patched\"}").send();

		assertThat(response.status()).isEqualTo(200);
		assertThat(retrieve(id).content()).contains("patched");
	}

	@Test
	void deleteAnswersTheDeletedObjectAndKeepsTheHistory() {
		BetaManagedAgentsMemory memory = create("/bye.md", "x");

		BetaManagedAgentsDeletedMemory deleted = this.client.beta()
			.memoryStores()
			.memories()
			.delete(memory.id(), MemoryDeleteParams.builder().memoryStoreId(this.storeId).build());

		assertThat(deleted.id()).isEqualTo(memory.id());
		assertThat(deleted._type()).isEqualTo(JsonValue.from("memory_deleted"));
		assertThrows(NotFoundException.class, () -> retrieve(memory.id()));
		assertThrows(NotFoundException.class, () -> update(memory.id(), MemoryUpdateParams.builder().content("y")));
		assertThrows(NotFoundException.class,
				() -> this.client.beta()
					.memoryStores()
					.memories()
					.delete(memory.id(), MemoryDeleteParams.builder().memoryStoreId(this.storeId).build()));
		assertThat(versions(memory.id())).isEqualTo(2);
	}

	@Test
	void deleteWithAStaleExpectedHashDeletesNothing() {
		BetaManagedAgentsMemory memory = create("/guarded.md", "current");

		ConflictException stale = assertThrows(ConflictException.class,
				() -> this.client.beta()
					.memoryStores()
					.memories()
					.delete(memory.id(),
							MemoryDeleteParams.builder()
								.memoryStoreId(this.storeId)
								.expectedContentSha256(Hashes.sha256("previous"))
								.build()));
		RawApi.Response malformed = memoryApi("DELETE", "/" + memory.id() + "?expected_content_sha256=XYZ").send();
		BetaManagedAgentsDeletedMemory deleted = this.client.beta()
			.memoryStores()
			.memories()
			.delete(memory.id(),
					MemoryDeleteParams.builder()
						.memoryStoreId(this.storeId)
						.expectedContentSha256(Hashes.sha256("current"))
						.build());

		assertThat(stale.type()).contains(ErrorType.MEMORY_PRECONDITION_FAILED_ERROR);
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(deleted.id()).isEqualTo(memory.id());
	}

	@Test
	void anArchivedStoreKeepsItsMemoriesReadableAndDeletableButFrozen() {
		BetaManagedAgentsMemory memory = create("/kept.md", "x");
		BetaManagedAgentsMemory other = create("/other.md", "y");
		this.client.beta().memoryStores().archive(this.storeId);

		assertInvalid(() -> create("/new.md", "z"), "archived");
		assertInvalid(() -> update(memory.id(), MemoryUpdateParams.builder().content("changed")), "archived");
		assertInvalid(() -> update(memory.id(), MemoryUpdateParams.builder().content("x")), "archived");

		assertThat(retrieve(memory.id()).content()).contains("x");
		assertThat(this.client.beta().memoryStores().memories().list(this.storeId).data()).hasSize(2);
		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.delete(other.id(), MemoryDeleteParams.builder().memoryStoreId(this.storeId).build())
			.id()).isEqualTo(other.id());
	}

	@Test
	void checksRunInTheDocumentedOrder() {
		String id = create("/order.md", "x").id();
		create("/taken.md", "y");
		// Validation comes before existence: a bad path on an unknown memory is a 400.
		assertThat(memoryApi("POST", "/mem_01AAAAAAAAAAAAAAAAAAAAAAAA").json("{\"path\":\"bad\"}").send().status())
			.isEqualTo(400);
		// A stale precondition is reported before a path conflict.
		RawApi.Response both = memoryApi("POST", "/" + id)
			.json("{\"path\":\"/taken.md\",\"precondition\":{\"type\":\"content_sha256\",\"content_sha256\":\""
					+ Hashes.sha256("stale") + "\"}}")
			.send();
		assertThat(both.errorType()).isEqualTo("memory_precondition_failed_error");
		// The archived state is reported before a path conflict.
		this.client.beta().memoryStores().archive(this.storeId);
		assertThat(memoryApi("POST", "").json("{\"path\":\"/taken.md\",\"content\":\"z\"}").send().errorMessage())
			.contains("archived");
	}

	@Test
	void unknownForeignAndMismatchedIdsAreNotFound() {
		BetaManagedAgentsMemory memory = create("/mine.md", "x");
		String otherStore = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Other").build())
			.id();
		AnthropicClient stranger = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());

		assertThrows(NotFoundException.class,
				() -> this.client.beta()
					.memoryStores()
					.memories()
					.retrieve(memory.id(), MemoryRetrieveParams.builder().memoryStoreId(otherStore).build()));
		assertThrows(NotFoundException.class,
				() -> this.client.beta()
					.memoryStores()
					.memories()
					.retrieve("mem_01AAAAAAAAAAAAAAAAAAAAAAAA",
							MemoryRetrieveParams.builder().memoryStoreId(this.storeId).build()));
		assertThrows(NotFoundException.class,
				() -> this.client.beta()
					.memoryStores()
					.memories()
					.create("memstore_01AAAAAAAAAAAAAAAAAAAAAAAA",
							MemoryCreateParams.builder().path("/x").content("").build()));
		NotFoundException foreign = assertThrows(NotFoundException.class,
				() -> stranger.beta()
					.memoryStores()
					.memories()
					.retrieve(memory.id(), MemoryRetrieveParams.builder().memoryStoreId(this.storeId).build()));
		assertThrows(NotFoundException.class, () -> stranger.beta()
			.memoryStores()
			.memories()
			.update(memory.id(), MemoryUpdateParams.builder().memoryStoreId(this.storeId).content("stolen").build()));
		assertThat(foreign.apiMessage()).contains("no memory store " + this.storeId);
		assertThat(retrieve(memory.id()).content()).contains("x");
	}

	@Test
	void anUnknownViewIsRefused() {
		String id = create("/v.md", "x").id();

		assertThat(memoryApi("GET", "/" + id + "?view=everything").send().status()).isEqualTo(400);
		assertThat(memoryApi("POST", "?view=partial").json("{\"path\":\"/w.md\",\"content\":\"\"}").send().status())
			.isEqualTo(400);
	}

	private long versions(String memoryId) {
		return this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId, MemoryVersionListParams.builder().memoryId(memoryId).limit(100).build())
			.data()
			.size();
	}

	private static BetaManagedAgentsPrecondition sha(String content) {
		return BetaManagedAgentsPrecondition.builder().contentSha256(Hashes.sha256(content)).build();
	}

	private JsonNode conflictOfCreate(String path) {
		RawApi.Response response = memoryApi("POST", "").json("{\"path\":\"" + path + "\",\"content\":\"x\"}").send();
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.header("x-should-retry")).isEqualTo("false");
		return response.json().path("error");
	}

	private RawApi.Request memoryApi(String method, String suffix) {
		return this.api.memoryApi(method, "/v1/memory_stores/" + this.storeId + "/memories" + suffix,
				this.workspace.apiKey());
	}

	private static void assertInvalid(org.junit.jupiter.api.function.Executable call, String messageFragment) {
		BadRequestException error = assertThrows(BadRequestException.class, call);
		assertThat(error.type()).contains(ErrorType.INVALID_REQUEST_ERROR);
		assertThat(error.apiMessage()).hasValueSatisfying((message) -> assertThat(message).contains(messageFragment));
	}

}
