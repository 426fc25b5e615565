package dev.memstore.memory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersionOperation;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionRedactParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionRetrieveParams;
import dev.memstore.support.Hashes;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The version history through the official Java SDK: one immutable version per write,
 * listing and filters, redaction, and history that outlives its memory but not its store.
 */
@MemstoreIntegrationTest
class MemoryVersionsApiTest extends StoreTestSupport {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void everyWriteLeavesOneVersionWithThePathAndContentOfTheTime() {
		BetaManagedAgentsMemory memory = create("/style.md", "v1");
		update(memory.id(), MemoryUpdateParams.builder().content("v2"));
		update(memory.id(), MemoryUpdateParams.builder().path("/brand/style.md"));
		update(memory.id(), MemoryUpdateParams.builder().content("v1"));
		delete(memory.id());

		List<BetaManagedAgentsMemoryVersion> history = listAll(
				MemoryVersionListParams.builder().memoryId(memory.id()).view(BetaManagedAgentsMemoryView.FULL));

		assertThat(history).extracting((version) -> version.operation().asString())
			.containsExactly("deleted", "modified", "modified", "modified", "created");
		assertThat(history).extracting((version) -> version.path().orElse(null))
			.containsExactly("/brand/style.md", "/brand/style.md", "/brand/style.md", "/style.md", "/style.md");
		assertThat(history).extracting((version) -> version.content().orElse(null))
			.containsExactly(null, "v1", "v2", "v2", "v1");
		BetaManagedAgentsMemoryVersion deletion = history.get(0);
		assertThat(deletion.contentSha256()).isEmpty();
		assertThat(deletion.contentSizeBytes()).isEmpty();
		assertThat(history.get(1).contentSha256()).contains(Hashes.sha256("v1"));
		assertThat(history.get(1).contentSizeBytes()).contains(2);
		assertThat(history).allSatisfy((version) -> {
			assertThat(version.memoryId()).isEqualTo(memory.id());
			assertThat(version.memoryStoreId()).isEqualTo(this.storeId);
			assertThat(version.createdBy().orElseThrow().asApi().apiKeyId()).isEqualTo(this.workspace.apiKeyId());
			assertThat(version.redactedAt()).isEmpty();
		});
		assertThat(history.get(4).id()).isEqualTo(memory.memoryVersionId());
	}

	@Test
	void theHeadVersionIsTheMemorysCurrentVersion() {
		BetaManagedAgentsMemory memory = create("/head.md", "one");
		BetaManagedAgentsMemory updated = update(memory.id(), MemoryUpdateParams.builder().content("two"));

		BetaManagedAgentsMemoryVersion head = retrieveVersion(updated.memoryVersionId());

		assertThat(head.content()).contains("two");
		assertThat(head.createdAt()).isEqualTo(updated.updatedAt());
	}

	@Test
	void listsAreNewestFirstAndBasicUnlessFullIsAskedFor() {
		create("/a.md", "a");
		create("/b.md", "b");
		create("/c.md", "c");

		List<BetaManagedAgentsMemoryVersion> basic = listAll(MemoryVersionListParams.builder());
		BetaManagedAgentsMemoryVersion retrieved = retrieveVersion(basic.get(0).id());

		assertThat(basic).extracting((version) -> version.path().orElseThrow())
			.containsExactly("/c.md", "/b.md", "/a.md");
		assertThat(basic).allSatisfy((version) -> {
			assertThat(version.content()).isEmpty();
			assertThat(version.contentSha256()).isPresent();
		});
		assertThat(retrieved.content()).contains("c");
	}

	@Test
	void filtersCombine() {
		BetaManagedAgentsMemory first = create("/first.md", "1");
		update(first.id(), MemoryUpdateParams.builder().content("1b"));
		AnthropicClient otherKey = Sdk.client(this.port, issueAnotherKey());
		BetaManagedAgentsMemory second = otherKey.beta()
			.memoryStores()
			.memories()
			.create(this.storeId, MemoryCreateParams.builder().path("/second.md").content("2").build());

		assertThat(listAll(MemoryVersionListParams.builder().memoryId(first.id()))).hasSize(2);
		assertThat(
				listAll(MemoryVersionListParams.builder().operation(BetaManagedAgentsMemoryVersionOperation.CREATED)))
			.extracting((version) -> version.memoryId())
			.containsExactly(second.id(), first.id());
		assertThat(listAll(MemoryVersionListParams.builder().apiKeyId(this.workspace.apiKeyId()))).hasSize(2);
		assertThat(listAll(MemoryVersionListParams.builder()
			.apiKeyId(this.workspace.apiKeyId())
			.operation(BetaManagedAgentsMemoryVersionOperation.MODIFIED))).hasSize(1);
		assertThat(listAll(MemoryVersionListParams.builder().memoryId(second.id()).apiKeyId(this.workspace.apiKeyId())))
			.isEmpty();
		assertThat(listAll(MemoryVersionListParams.builder().sessionId("sesn_01AAAAAAAAAAAAAAAAAAAAAAAA"))).isEmpty();
		assertThat(listAll(MemoryVersionListParams.builder().serviceAccountId("svac_01AAAAAAAAAAAAAAAAAAAAAAAA")))
			.isEmpty();
		assertThat(retrieveVersion(second.memoryVersionId()).createdBy().orElseThrow().asApi().apiKeyId())
			.startsWith("apikey_")
			.isNotEqualTo(this.workspace.apiKeyId());
	}

	@Test
	void createdAtBoundsAreInclusive() {
		create("/t1.md", "1");
		BetaManagedAgentsMemory middle = create("/t2.md", "2");
		create("/t3.md", "3");
		OffsetDateTime at = retrieveVersion(middle.memoryVersionId()).createdAt();

		assertThat(listAll(MemoryVersionListParams.builder().createdAtGte(at).createdAtLte(at)))
			.extracting((version) -> version.id())
			.containsExactly(middle.memoryVersionId());
		assertThat(listAll(MemoryVersionListParams.builder().createdAtGte(at))).hasSize(2);
		assertThat(listAll(MemoryVersionListParams.builder().createdAtLte(at))).hasSize(2);
	}

	@Test
	void pagesVisitEveryVersionOnceNewestFirst() {
		BetaManagedAgentsMemory memory = create("/busy.md", "0");
		List<String> expected = new ArrayList<>(List.of(memory.memoryVersionId()));
		for (int i = 1; i <= 24; i++) {
			expected.add(0,
					update(memory.id(), MemoryUpdateParams.builder().content(Integer.toString(i))).memoryVersionId());
		}

		List<String> walked = new ArrayList<>();
		this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId, MemoryVersionListParams.builder().limit(7).build())
			.autoPager()
			.forEach((version) -> walked.add(version.id()));

		assertThat(walked).isEqualTo(expected);
	}

	@Test
	void anUnknownOperationOrViewIsRefused() {
		RawApi api = new RawApi(this.port);
		for (String query : new String[] { "operation=renamed", "operation=redacted", "view=partial", "limit=0" }) {
			RawApi.Response response = api
				.memoryApi("GET", "/v1/memory_stores/" + this.storeId + "/memory_versions?" + query,
						this.workspace.apiKey())
				.send();
			assertThat(response.status()).as(query).isEqualTo(400);
		}
	}

	@Test
	void redactionErasesContentAndPathButKeepsTheRecord() {
		BetaManagedAgentsMemory memory = create("/secret.md", "the password is hunter2");
		update(memory.id(), MemoryUpdateParams.builder().content("no secrets here"));

		BetaManagedAgentsMemoryVersion redacted = redact(memory.memoryVersionId());
		BetaManagedAgentsMemoryVersion again = redact(memory.memoryVersionId());
		BetaManagedAgentsMemoryVersion retrieved = retrieveVersion(memory.memoryVersionId());

		assertThat(redacted.content()).isEmpty();
		assertThat(redacted.path()).isEmpty();
		assertThat(redacted.contentSha256()).isEmpty();
		assertThat(redacted.contentSizeBytes()).isEmpty();
		assertThat(redacted.redactedAt()).isPresent();
		assertThat(redacted.redactedBy().orElseThrow().asApi().apiKeyId()).isEqualTo(this.workspace.apiKeyId());
		assertThat(redacted.createdBy().orElseThrow().asApi().apiKeyId()).isEqualTo(this.workspace.apiKeyId());
		assertThat(redacted.operation().asString()).isEqualTo("created");
		assertThat(again).isEqualTo(redacted);
		assertThat(retrieved).isEqualTo(redacted);
		assertThat(this.jdbc.queryForObject("select count(*) from memory_versions where content like '%hunter2%'",
				Integer.class))
			.isZero();
	}

	@Test
	void theCurrentVersionOfALiveMemoryCannotBeRedacted() {
		BetaManagedAgentsMemory memory = create("/current.md", "x");

		BadRequestException refused = assertThrows(BadRequestException.class, () -> redact(memory.memoryVersionId()));
		BetaManagedAgentsMemory updated = update(memory.id(), MemoryUpdateParams.builder().content("y"));

		assertThat(refused.apiMessage())
			.hasValueSatisfying((message) -> assertThat(message).contains("write a new version"));
		assertThat(redact(memory.memoryVersionId()).redactedAt()).isPresent();
		assertThrows(BadRequestException.class, () -> redact(updated.memoryVersionId()));
	}

	@Test
	void aDeletedMemorysHistoryRemainsAndCanBeRedacted() {
		BetaManagedAgentsMemory memory = create("/gone.md", "x");
		delete(memory.id());
		List<BetaManagedAgentsMemoryVersion> history = listAll(MemoryVersionListParams.builder().memoryId(memory.id()));

		BetaManagedAgentsMemoryVersion deletion = redact(history.get(0).id());
		BetaManagedAgentsMemoryVersion creation = redact(history.get(1).id());

		assertThat(deletion.operation().asString()).isEqualTo("deleted");
		assertThat(deletion.redactedAt()).isPresent();
		assertThat(creation.redactedAt()).isPresent();
	}

	@Test
	void anArchivedStoresHistoryCanBeReadAndRedacted() {
		BetaManagedAgentsMemory memory = create("/old.md", "x");
		update(memory.id(), MemoryUpdateParams.builder().content("y"));
		this.client.beta().memoryStores().archive(this.storeId);

		assertThat(redact(memory.memoryVersionId()).redactedAt()).isPresent();
		assertThat(listAll(MemoryVersionListParams.builder())).hasSize(2);
	}

	@Test
	void unknownOrForeignVersionsAreNotFound() {
		BetaManagedAgentsMemory memory = create("/mine.md", "x");
		AnthropicClient stranger = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());

		assertThrows(NotFoundException.class, () -> retrieveVersion("memver_01AAAAAAAAAAAAAAAAAAAAAAAA"));
		assertThrows(NotFoundException.class, () -> redact("memver_01AAAAAAAAAAAAAAAAAAAAAAAA"));
		assertThrows(NotFoundException.class,
				() -> stranger.beta()
					.memoryStores()
					.memoryVersions()
					.retrieve(memory.memoryVersionId(),
							MemoryVersionRetrieveParams.builder().memoryStoreId(this.storeId).build()));
		assertThrows(NotFoundException.class,
				() -> stranger.beta().memoryStores().memoryVersions().list(this.storeId).data());
	}

	@Test
	void deletingTheStoreDeletesItsMemoriesAndHistory() {
		BetaManagedAgentsMemory memory = create("/doomed.md", "x");
		update(memory.id(), MemoryUpdateParams.builder().content("y"));

		this.client.beta().memoryStores().delete(this.storeId);

		assertThat(this.jdbc.queryForObject("select count(*) from memories where memory_store_id = ?", Integer.class,
				this.storeId))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from memory_versions where memory_store_id = ?",
				Integer.class, this.storeId))
			.isZero();
		assertThrows(NotFoundException.class, () -> retrieveVersion(memory.memoryVersionId()));
	}

	private String issueAnotherKey() {
		return new RawApi(this.port).request("POST", "/_memstore/workspaces/" + this.workspace.id() + "/api_keys")
			.header("x-api-key", TestKeys.ADMIN)
			.send()
			.json()
			.path("secret")
			.asString();
	}

	private BetaManagedAgentsMemoryVersion retrieveVersion(String versionId) {
		return this.client.beta()
			.memoryStores()
			.memoryVersions()
			.retrieve(versionId, MemoryVersionRetrieveParams.builder().memoryStoreId(this.storeId).build());
	}

	private BetaManagedAgentsMemoryVersion redact(String versionId) {
		return this.client.beta()
			.memoryStores()
			.memoryVersions()
			.redact(versionId, MemoryVersionRedactParams.builder().memoryStoreId(this.storeId).build());
	}

	private List<BetaManagedAgentsMemoryVersion> listAll(MemoryVersionListParams.Builder params) {
		List<BetaManagedAgentsMemoryVersion> versions = new ArrayList<>();
		this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId, params.build())
			.autoPager()
			.forEach(versions::add);
		return versions;
	}

}
