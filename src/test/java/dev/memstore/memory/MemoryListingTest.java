package dev.memstore.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryListItem;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryDeleteParams;
import com.anthropic.models.beta.memorystores.memories.MemoryListPage;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listing memories: byte-wise path order, whole-segment prefixes, depth with rolled-up
 * directories, both orders, and keyset pages that the SDK's auto-pager walks to the end.
 */
@MemstoreIntegrationTest
class MemoryListingTest extends StoreTestSupport {

	@Test
	void memoriesAreListedInByteOrderOfTheirUtf8Paths() {
		createAll("/é.md", "/a/b.md", "/a.md", "/B.md", "/a-b.md", "/z/y.md", "/\uD83E\uDDE0.md", "/\uFF21.md");

		List<String> listed = paths(list(MemoryListParams.builder()));

		// "-" 0x2D < "." 0x2E < "/" 0x2F; uppercase before lowercase; multi-byte
		// characters by their UTF-8 bytes.
		assertThat(listed).containsExactly("/B.md", "/a-b.md", "/a.md", "/a/b.md", "/z/y.md", "/é.md", "/\uFF21.md",
				"/\uD83E\uDDE0.md");
	}

	@Test
	void aPrefixMatchesWholeSegmentsOnly() {
		createAll("/notes/todo.md", "/notes/2026/jan.md", "/notes-archive/old.md", "/notesx.md", "/other.md");

		assertThat(paths(list(MemoryListParams.builder().pathPrefix("/notes/")))).containsExactly("/notes/2026/jan.md",
				"/notes/todo.md");
		assertThat(paths(list(MemoryListParams.builder().pathPrefix("/notes/2026/"))))
			.containsExactly("/notes/2026/jan.md");
		assertThat(paths(list(MemoryListParams.builder().pathPrefix("/")))).hasSize(5);
		assertThat(paths(list(MemoryListParams.builder().pathPrefix("/notes/todo.md/")))).isEmpty();
		assertThat(paths(list(MemoryListParams.builder().pathPrefix("/nothing/")))).isEmpty();
	}

	@Test
	void depthOneListsDirectChildrenAndRollsDeeperPathsIntoPrefixes() {
		createAll("/projects/foo/a.md", "/projects/foo/deep/b.md", "/projects/bar.md", "/projects/baz/c.md",
				"/projects/readme.md", "/top.md");

		List<String> children = items(list(MemoryListParams.builder().pathPrefix("/projects/").depth(1)));
		List<String> root = items(list(MemoryListParams.builder().depth(1)));
		List<String> whole = items(list(MemoryListParams.builder().pathPrefix("/projects/").depth(0)));

		assertThat(children).containsExactly("memory /projects/bar.md", "prefix /projects/baz/",
				"prefix /projects/foo/", "memory /projects/readme.md");
		assertThat(root).containsExactly("prefix /projects/", "memory /top.md");
		assertThat(whole).allMatch((item) -> item.startsWith("memory ")).hasSize(5);
	}

	@Test
	void aFileSortsBeforeTheDirectoryItsNameBegins() {
		createAll("/a/b.md", "/a/b/c.md", "/a/b-c/d.md");

		assertThat(items(list(MemoryListParams.builder().pathPrefix("/a/").depth(1)))).containsExactly("prefix /a/b-c/",
				"memory /a/b.md", "prefix /a/b/");
	}

	@Test
	void descendingOrderReversesBothDepths() {
		createAll("/a/b.md", "/a/b/c.md", "/a/c.md", "/d.md");

		assertThat(items(list(MemoryListParams.builder().putAdditionalQueryParam("order", "desc"))))
			.containsExactly("memory /d.md", "memory /a/c.md", "memory /a/b/c.md", "memory /a/b.md");
		assertThat(items(list(MemoryListParams.builder().depth(1).putAdditionalQueryParam("order", "desc"))))
			.containsExactly("memory /d.md", "prefix /a/");
		assertThat(items(list(MemoryListParams.builder()
			.pathPrefix("/a/")
			.depth(1)
			.putAdditionalQueryParam("order_by", "path")
			.putAdditionalQueryParam("order", "desc"))))
			.containsExactly("memory /a/c.md", "prefix /a/b/", "memory /a/b.md");
	}

	@Test
	void everyWalkVisitsEachItemExactlyOnceInOrder() {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			created.add(String.format("/d%02d.md", i));
			for (int j = 0; j < 4; j++) {
				created.add(String.format("/d%02d/f%d.md", i, j));
				created.add(String.format("/d%02d/sub/g%d.md", i, j));
			}
		}
		createAll(created.toArray(String[]::new));
		List<String> allPaths = new ArrayList<>(new TreeSet<>(created));
		List<String> rootItems = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			rootItems.add(String.format("memory /d%02d.md", i));
			rootItems.add(String.format("prefix /d%02d/", i));
		}

		for (int limit : new int[] { 1, 7, 100 }) {
			assertThat(walk(MemoryListParams.builder().limit(limit), false)).as("depth 0, limit %d", limit)
				.isEqualTo(allPaths.stream().map((path) -> "memory " + path).toList());
			assertThat(walk(MemoryListParams.builder().limit(limit).depth(1), false)).as("depth 1, limit %d", limit)
				.isEqualTo(rootItems);
			assertThat(walk(MemoryListParams.builder().limit(limit).depth(1), true)).as("depth 1 desc, limit %d", limit)
				.isEqualTo(reversed(rootItems));
			assertThat(walk(MemoryListParams.builder().limit(limit).pathPrefix("/d03/").depth(1), false))
				.containsExactly("memory /d03/f0.md", "memory /d03/f1.md", "memory /d03/f2.md", "memory /d03/f3.md",
						"prefix /d03/sub/");
		}
		assertThat(walk(MemoryListParams.builder().limit(9), true))
			.isEqualTo(reversed(allPaths.stream().map((path) -> "memory " + path).toList()));
	}

	@Test
	void theFullViewCarriesContentInPagesOfAtMost20() {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			created.add(String.format("/m%02d.md", i));
		}
		createAll(created.toArray(String[]::new));

		MemoryListPage full = list(MemoryListParams.builder().limit(100).view(BetaManagedAgentsMemoryView.FULL));
		MemoryListPage basic = list(MemoryListParams.builder().limit(100));

		assertThat(full.data()).hasSize(20);
		assertThat(full.data().get(0).asMemory().content()).contains("content of /m00.md");
		assertThat(full.nextPage().data()).hasSize(5);
		assertThat(basic.data()).hasSize(25);
		assertThat(basic.data()).allSatisfy((item) -> assertThat(item.asMemory().content()).isEmpty());
		assertThat(basic.data().get(0).asMemory().contentSha256())
			.isEqualTo(full.data().get(0).asMemory().contentSha256());
	}

	@Test
	void deletingDuringAWalkSkipsNothingElse() {
		createAll("/1.md", "/2.md", "/3.md", "/4.md", "/5.md", "/6.md");
		MemoryListPage first = list(MemoryListParams.builder().limit(3));
		this.client.beta()
			.memoryStores()
			.memories()
			.delete(first.data().get(2).asMemory().id(),
					MemoryDeleteParams.builder().memoryStoreId(this.storeId).build());

		assertThat(paths(first.nextPage())).containsExactly("/4.md", "/5.md", "/6.md");
	}

	@Test
	void anArchivedStoreCanStillBeListed() {
		createAll("/kept.md");
		this.client.beta().memoryStores().archive(this.storeId);

		assertThat(paths(list(MemoryListParams.builder()))).containsExactly("/kept.md");
	}

	@Test
	void listingParametersOutsideTheContractAreRefused() {
		createAll("/x.md");
		String[] queries = { "path_prefix=/notes", "path_prefix=notes/", "path_prefix=/a//", "path_prefix=/../",
				"depth=2", "depth=-1", "depth=one", "order_by=created_at", "order=up", "view=all", "limit=0",
				"limit=101" };
		for (String query : queries) {
			RawApi.Response response = this.api
				.memoryApi("GET", "/v1/memory_stores/" + this.storeId + "/memories?" + query, this.workspace.apiKey())
				.send();
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.errorType()).as(query).isEqualTo("invalid_request_error");
		}
		for (String query : new String[] { "depth=0", "depth=1", "order_by=path", "order=asc", "view=basic" }) {
			assertThat(this.api
				.memoryApi("GET", "/v1/memory_stores/" + this.storeId + "/memories?" + query, this.workspace.apiKey())
				.send()
				.status()).as(query).isEqualTo(200);
		}
	}

	@Test
	void aCursorOnlyContinuesTheListingItCameFrom() {
		createAll("/a/1.md", "/a/2.md", "/b/1.md");
		String next = list(MemoryListParams.builder().limit(1)).nextPageRaw().orElseThrow();
		String base = "/v1/memory_stores/" + this.storeId + "/memories?limit=1&page=" + next;

		for (String changed : new String[] { "&path_prefix=/a/", "&depth=1", "&order=desc" }) {
			RawApi.Response response = this.api.memoryApi("GET", base + changed, this.workspace.apiKey()).send();
			assertThat(response.status()).as(changed).isEqualTo(400);
		}
		JsonNode continued = this.api.memoryApi("GET", base + "&view=full", this.workspace.apiKey()).send().json();
		assertThat(continued.path("data").get(0).path("path").asString()).isEqualTo("/a/2.md");
	}

	@Test
	void anUnknownStoreIsNotFoundEvenWhenEmpty() {
		RawApi.Response response = this.api
			.memoryApi("GET", "/v1/memory_stores/memstore_01AAAAAAAAAAAAAAAAAAAAAAAA/memories", this.workspace.apiKey())
			.send();

		assertThat(response.status()).isEqualTo(404);
	}

	private void createAll(String... paths) {
		for (String path : paths) {
			this.client.beta()
				.memoryStores()
				.memories()
				.create(this.storeId, MemoryCreateParams.builder().path(path).content("content of " + path).build());
		}
	}

	private MemoryListPage list(MemoryListParams.Builder params) {
		return this.client.beta().memoryStores().memories().list(params.memoryStoreId(this.storeId).build());
	}

	private List<String> walk(MemoryListParams.Builder params, boolean descending) {
		if (descending) {
			params.putAdditionalQueryParam("order", "desc");
		}
		List<String> visited = new ArrayList<>();
		list(params).autoPager().forEach((item) -> visited.add(describe(item)));
		return visited;
	}

	private static List<String> paths(MemoryListPage page) {
		return page.data().stream().map((item) -> item.asMemory().path()).toList();
	}

	private static List<String> items(MemoryListPage page) {
		return page.data().stream().map(MemoryListingTest::describe).toList();
	}

	private static String describe(BetaManagedAgentsMemoryListItem item) {
		return item.isMemory() ? "memory " + item.asMemory().path() : "prefix " + item.asMemoryPrefix().path();
	}

	private static List<String> reversed(List<String> items) {
		List<String> copy = new ArrayList<>(items);
		Collections.reverse(copy);
		return copy;
	}

}
