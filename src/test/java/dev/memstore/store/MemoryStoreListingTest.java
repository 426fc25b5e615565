package dev.memstore.store;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.beta.memorystores.BetaManagedAgentsMemoryStore;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreListPage;
import com.anthropic.models.beta.memorystores.MemoryStoreListParams;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Listing memory stores: order, filters, and keyset pages that the SDK's auto-pager walks
 * to the end.
 */
@MemstoreIntegrationTest
class MemoryStoreListingTest {

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
	void listsNewestFirst() {
		List<String> created = createStores(3);

		List<String> listed = ids(this.client.beta().memoryStores().list().data());

		assertThat(listed).containsExactly(created.get(2), created.get(1), created.get(0));
	}

	@Test
	void emptyListHasNoNextPage() {
		MemoryStoreListPage page = this.client.beta().memoryStores().list();

		assertThat(page.data()).isEmpty();
		assertThat(page.nextPageRaw()).isEmpty();
	}

	@Test
	void autoPagerVisitsEveryStoreExactlyOnceInOrder() {
		List<String> created = createStores(25);

		MemoryStoreListPage first = this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().limit(10).build());
		List<String> walked = new ArrayList<>();
		first.autoPager().forEach((store) -> walked.add(store.id()));

		assertThat(first.data()).hasSize(10);
		assertThat(walked).containsExactlyElementsOf(newestFirst(created));
	}

	@Test
	void nextPageIsNullWhenTheLastPageIsExactlyFull() {
		createStores(10);

		MemoryStoreListPage page = this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().limit(10).build());

		assertThat(page.data()).hasSize(10);
		assertThat(page.nextPageRaw()).isEmpty();
	}

	@Test
	void deletingAStoreMidWaySkipsNoOther() {
		List<String> created = createStores(6);
		MemoryStoreListPage first = this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().limit(3).build());
		// The last store served on the first page disappears before the second page is
		// read.
		this.client.beta().memoryStores().delete(first.data().get(2).id());

		MemoryStoreListPage second = first.nextPage();

		assertThat(ids(second.data())).containsExactly(created.get(2), created.get(1), created.get(0));
	}

	@Test
	void archivedStoresAreListedOnlyWhenAskedFor() {
		List<String> created = createStores(3);
		this.client.beta().memoryStores().archive(created.get(1));

		List<String> active = ids(this.client.beta().memoryStores().list().data());
		List<String> all = ids(this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().includeArchived(true).build())
			.data());
		List<String> explicitlyActive = ids(this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().includeArchived(false).build())
			.data());

		assertThat(active).containsExactly(created.get(2), created.get(0));
		assertThat(explicitlyActive).isEqualTo(active);
		assertThat(all).containsExactly(created.get(2), created.get(1), created.get(0));
	}

	@Test
	void createdAtBoundsAreInclusive() {
		List<BetaManagedAgentsMemoryStore> stores = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			stores.add(create("Store " + i));
		}
		OffsetDateTime middle = stores.get(1).createdAt();

		List<String> fromMiddle = ids(this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().createdAtGte(middle).build())
			.data());
		List<String> untilMiddle = ids(this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().createdAtLte(middle).build())
			.data());
		List<String> onlyMiddle = ids(this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().createdAtGte(middle).createdAtLte(middle).build())
			.data());

		assertThat(fromMiddle).containsExactly(stores.get(2).id(), stores.get(1).id());
		assertThat(untilMiddle).containsExactly(stores.get(1).id(), stores.get(0).id());
		assertThat(onlyMiddle).containsExactly(stores.get(1).id());
	}

	@Test
	void timestampBoundsAcceptAnyOffsetAndUnencodedBrackets() {
		BetaManagedAgentsMemoryStore store = create("Offsets");
		String utc = store.createdAt().toInstant().toString();
		String plusTwo = store.createdAt().toInstant().atOffset(java.time.ZoneOffset.ofHours(2)).toString();
		RawApi api = new RawApi(this.port);

		for (String query : new String[] { "created_at%5Bgte%5D=" + encode(utc),
				"created_at%5Blte%5D=" + encode(plusTwo),
				"created_at%5Bgte%5D=" + encode(utc.replace("Z", "+00:00")) }) {
			RawApi.Response response = api.memoryApi("GET", "/v1/memory_stores?" + query, this.apiKey).send();
			assertThat(response.status()).as(query).isEqualTo(200);
			assertThat(response.json().path("data").get(0).path("id").asString()).as(query).isEqualTo(store.id());
		}
		// curl users type the brackets as they are.
		RawApi.Response typed = api.verbatim("GET /v1/memory_stores?created_at[gte]=" + encode(utc),
				"x-api-key: " + this.apiKey, "anthropic-beta: agent-memory-2026-07-22");
		assertThat(typed.status()).isEqualTo(200);
		assertThat(typed.body()).contains(store.id());
	}

	@Test
	void limitMustBeAnIntegerFrom1To100() {
		createStores(2);
		RawApi api = new RawApi(this.port);

		assertThat(api.memoryApi("GET", "/v1/memory_stores?limit=100", this.apiKey).send().status()).isEqualTo(200);
		assertThat(api.memoryApi("GET", "/v1/memory_stores?limit=1", this.apiKey).send().json().path("data").size())
			.isEqualTo(1);
		for (String limit : new String[] { "0", "101", "-1", "abc", "1.5", "" }) {
			RawApi.Response response = api.memoryApi("GET", "/v1/memory_stores?limit=" + limit, this.apiKey).send();
			assertThat(response.status()).as(limit).isEqualTo(400);
			assertThat(response.errorMessage()).as(limit).contains("limit");
		}
	}

	@Test
	void malformedQueryValuesAreRefused() {
		RawApi api = new RawApi(this.port);
		for (String query : new String[] { "include_archived=yes", "include_archived=1",
				"created_at%5Bgte%5D=yesterday", "created_at%5Blte%5D=2026-13-01T00:00:00Z" }) {
			RawApi.Response response = api.memoryApi("GET", "/v1/memory_stores?" + query, this.apiKey).send();
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.errorType()).as(query).isEqualTo("invalid_request_error");
		}
	}

	@Test
	void aCursorIsRefusedWhenMalformedOrUsedWithOtherFilters() {
		createStores(3);
		String next = this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().limit(1).build())
			.nextPageRaw()
			.orElseThrow();

		BadRequestException otherFilters = assertThrows(BadRequestException.class,
				() -> this.client.beta()
					.memoryStores()
					.list(MemoryStoreListParams.builder().limit(1).includeArchived(true).page(next).build()));
		assertThat(otherFilters.apiMessage()).hasValueSatisfying((message) -> assertThat(message).contains("filters"));

		for (String cursor : new String[] { "garbage", "page_", "page_!!!", next + "A", next.substring(0, 12) }) {
			assertThrows(BadRequestException.class,
					() -> this.client.beta()
						.memoryStores()
						.list(MemoryStoreListParams.builder().limit(1).page(cursor).build()),
					cursor);
		}
	}

	@Test
	void theLimitMayChangeBetweenPages() {
		List<String> created = createStores(5);
		String next = this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().limit(2).build())
			.nextPageRaw()
			.orElseThrow();

		MemoryStoreListPage rest = this.client.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().limit(10).page(next).build());

		assertThat(ids(rest.data())).containsExactly(created.get(2), created.get(1), created.get(0));
		assertThat(rest.nextPageRaw()).isEmpty();
	}

	private BetaManagedAgentsMemoryStore create(String name) {
		return this.client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name(name).build());
	}

	private List<String> createStores(int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(create("Store " + i).id());
		}
		return ids;
	}

	private static List<String> ids(List<BetaManagedAgentsMemoryStore> stores) {
		return stores.stream().map(BetaManagedAgentsMemoryStore::id).toList();
	}

	private static List<String> newestFirst(List<String> ids) {
		List<String> reversed = new ArrayList<>(ids);
		java.util.Collections.reverse(reversed);
		return reversed;
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

}
