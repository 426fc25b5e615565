package dev.memstore.memory;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryDeleteParams;
import com.anthropic.models.beta.memorystores.memories.MemoryRetrieveParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every memory test starts from: a fresh workspace, the SDK as its client, and an
 * empty store, with the calls the tests make most.
 */
abstract class StoreTestSupport {

	@LocalServerPort
	int port;

	TestWorkspaces.Workspace workspace;

	AnthropicClient client;

	RawApi api;

	String storeId;

	@BeforeEach
	void newWorkspaceAndStore() {
		this.workspace = TestWorkspaces.create(this.port);
		this.client = newClient(this.workspace.apiKey());
		this.api = new RawApi(this.port);
		this.storeId = newStore();
	}

	/**
	 * The client the tests use; {@link Sdk#client} unless a test needs another.
	 */
	AnthropicClient newClient(String apiKey) {
		return Sdk.client(this.port, apiKey);
	}

	String newStore() {
		return this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Test store").build())
			.id();
	}

	BetaManagedAgentsMemory create(String path, String content) {
		return this.client.beta()
			.memoryStores()
			.memories()
			.create(this.storeId, MemoryCreateParams.builder().path(path).content(content).build());
	}

	BetaManagedAgentsMemory retrieve(String memoryId) {
		return this.client.beta()
			.memoryStores()
			.memories()
			.retrieve(memoryId, MemoryRetrieveParams.builder().memoryStoreId(this.storeId).build());
	}

	BetaManagedAgentsMemory update(String memoryId, MemoryUpdateParams.Builder params) {
		return this.client.beta()
			.memoryStores()
			.memories()
			.update(memoryId, params.memoryStoreId(this.storeId).build());
	}

	void delete(String memoryId) {
		this.client.beta()
			.memoryStores()
			.memories()
			.delete(memoryId, MemoryDeleteParams.builder().memoryStoreId(this.storeId).build());
	}

}
