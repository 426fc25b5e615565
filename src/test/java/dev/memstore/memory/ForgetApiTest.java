package dev.memstore.memory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.SdkEvents;
import dev.memstore.support.TestWorkspaces;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forgetting a subject through the operator API: everything under the prefix is deleted
 * and unreadable through the SDK, nothing beside it is touched, and the receipt proves
 * what was done.
 */
@MemstoreIntegrationTest
class ForgetApiTest {

	@LocalServerPort
	int port;

	AnthropicClient client;

	RawApi api;

	String workspaceId;

	String storeId;

	Map<String, String> ids;

	@BeforeEach
	void mayaBobAndTheMayor() {
		TestWorkspaces.Workspace workspace = TestWorkspaces.create(this.port);
		this.workspaceId = workspace.id();
		this.client = Sdk.client(this.port, workspace.apiKey());
		this.api = new RawApi(this.port);
		this.storeId = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("People").build())
			.id();
		this.ids = new HashMap<>();
		for (String path : List.of("/users/maya/a.md", "/users/maya/b.md", "/users/maya/old.md", "/users/mayor/c.md",
				"/users/bob/x.md")) {
			this.ids.put(path,
					this.client.beta()
						.memoryStores()
						.memories()
						.create(this.storeId, MemoryCreateParams.builder().path(path).content("about " + path).build())
						.id());
		}
		update(this.ids.get("/users/maya/a.md"), MemoryUpdateParams.builder().content("Maya, changed"));
		update(this.ids.get("/users/maya/old.md"), MemoryUpdateParams.builder().path("/archive/old.md"));
	}

	@Test
	void forgettingAPrefixDeletesAndRedactsEverythingUnderItAndNothingElse() {
		RawApi.Response previewed = this.api.operator("GET", forgetPath() + "?path_prefix=/users/maya/").send();
		assertThat(previewed.status()).isEqualTo(200);
		assertThat(previewed.json().path("memories").valueStream().map((memory) -> memory.path("path").asString()))
			.containsExactly("/users/maya/a.md", "/users/maya/b.md");
		assertThat(previewed.json().path("versions_to_redact").asInt()).as("a: 2, b: 1, old.md's first: 1")
			.isEqualTo(4);

		RawApi.Response forgot = this.api.operator("POST", forgetPath())
			.json("{\"path_prefix\":\"/users/maya/\"}")
			.send();

		assertThat(forgot.status()).isEqualTo(200);
		tools.jackson.databind.JsonNode receipt = forgot.json();
		assertThat(receipt.path("type").asString()).isEqualTo("forget_receipt");
		assertThat(receipt.path("id").asString()).startsWith("forget_");
		assertThat(receipt.path("memories_deleted").asInt()).isEqualTo(2);
		assertThat(receipt.path("versions_redacted").asInt()).as("the 4 above and the 2 deletions").isEqualTo(6);
		assertThat(receipt.path("memory_ids").valueStream().map(tools.jackson.databind.JsonNode::asString))
			.containsExactlyInAnyOrder(this.ids.get("/users/maya/a.md"), this.ids.get("/users/maya/b.md"));
		assertThat(receipt.path("performed_by").path("type").asString()).isEqualTo("user_actor");
		assertThat(receipt.toString()).as("the receipt names no path under the prefix but the prefix")
			.doesNotContain("a.md", "b.md", "old.md");

		assertThat(paths("/users/maya/")).isEmpty();
		assertThat(paths("/users/")).containsExactly("/users/bob/", "/users/mayor/");
		for (Object version : allVersions()) {
			JsonNode json = SdkEvents.json(version);
			String memoryId = json.path("memory_id").asText();
			boolean forgotten = memoryId.equals(this.ids.get("/users/maya/a.md"))
					|| memoryId.equals(this.ids.get("/users/maya/b.md"))
					|| (memoryId.equals(this.ids.get("/users/maya/old.md"))
							&& json.path("operation").asText().equals("created"));
			if (forgotten) {
				assertThat(json.path("content").isMissingNode() || json.path("content").isNull()).isTrue();
				assertThat(json.path("path").isMissingNode() || json.path("path").isNull()).isTrue();
				assertThat(json.path("redacted_at").isTextual()).isTrue();
			}
			else {
				assertThat(json.path("path").asText()).doesNotStartWith("/users/maya/");
				assertThat(json.path("content").asText()).startsWith("about /");
			}
		}
		assertThat(
				this.api
					.operator("GET",
							"/_memstore/workspaces/" + this.workspaceId + "/forget_receipts/"
									+ receipt.path("id").asString())
					.send()
					.json())
			.isEqualTo(receipt);
	}

	@Test
	void aForgetNeedsADirectoryBelowTheRootAndTheAdminKey() {
		RawApi.Response root = this.api.operator("POST", forgetPath()).json("{\"path_prefix\":\"/\"}").send();
		assertThat(root.status()).isEqualTo(400);
		assertThat(root.errorMessage()).contains("delete the store");
		RawApi.Response notADirectory = this.api.operator("POST", forgetPath())
			.json("{\"path_prefix\":\"/users/maya\"}")
			.send();
		assertThat(notADirectory.status()).isEqualTo(400);
		RawApi.Response unknownStore = this.api
			.operator("POST", "/_memstore/workspaces/" + this.workspaceId + "/memory_stores/memstore_nope/forget")
			.json("{\"path_prefix\":\"/users/maya/\"}")
			.send();
		assertThat(unknownStore.status()).isEqualTo(404);
		RawApi.Response withoutKey = this.api.request("POST", forgetPath())
			.json("{\"path_prefix\":\"/users/maya/\"}")
			.send();
		assertThat(withoutKey.status()).isIn(401, 404);
		assertThat(paths("/users/maya/")).hasSize(2);
	}

	private String forgetPath() {
		return "/_memstore/workspaces/" + this.workspaceId + "/memory_stores/" + this.storeId + "/forget";
	}

	private void update(String memoryId, MemoryUpdateParams.Builder params) {
		this.client.beta().memoryStores().memories().update(memoryId, params.memoryStoreId(this.storeId).build());
	}

	private List<String> paths(String prefix) {
		return this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().pathPrefix(prefix).depth(1).build())
			.items()
			.stream()
			.map((item) -> SdkEvents.json(item).path("path").asText())
			.toList();
	}

	private List<?> allVersions() {
		return this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId,
					MemoryVersionListParams.builder().view(BetaManagedAgentsMemoryView.FULL).limit(100).build())
			.items();
	}

}
