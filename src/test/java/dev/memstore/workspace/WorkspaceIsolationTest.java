package dev.memstore.workspace;

import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.memorystores.BetaManagedAgentsMemoryStore;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreListParams;
import com.anthropic.models.beta.memorystores.MemoryStoreUpdateParams;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A second workspace's key sees nothing of the first: its ids answer exactly like ids
 * that do not exist.
 */
@MemstoreIntegrationTest
class WorkspaceIsolationTest {

	@LocalServerPort
	int port;

	@Test
	void anotherWorkspacesStoresAreNotFoundAndNeverListed() {
		AnthropicClient owner = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());
		AnthropicClient stranger = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());
		BetaManagedAgentsMemoryStore store = owner.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Private").build());
		String missing = "memstore_01AAAAAAAAAAAAAAAAAAAAAAAA";

		for (String id : List.of(store.id(), missing)) {
			NotFoundException retrieve = assertThrows(NotFoundException.class,
					() -> stranger.beta().memoryStores().retrieve(id));
			assertThat(retrieve.apiMessage()).contains("no memory store " + id);
			assertThrows(NotFoundException.class,
					() -> stranger.beta()
						.memoryStores()
						.update(id, MemoryStoreUpdateParams.builder().name("Taken").build()));
			assertThrows(NotFoundException.class, () -> stranger.beta().memoryStores().archive(id));
			assertThrows(NotFoundException.class, () -> stranger.beta().memoryStores().delete(id));
		}
		assertThat(stranger.beta()
			.memoryStores()
			.list(MemoryStoreListParams.builder().includeArchived(true).build())
			.data()).isEmpty();
		assertThat(owner.beta().memoryStores().retrieve(store.id())).isEqualTo(store);
	}

}
