package dev.memstore.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.MemoryStoreListParams;
import dev.memstore.support.LimitsIntegrationTest;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The quota on memory stores per workspace
 * ({@code memstore.limits.memory-stores-per-workspace}), through the official Java SDK.
 */
@LimitsIntegrationTest
class MemoryStoreQuotaTest {

	private static final int QUOTA = LimitsIntegrationTest.STORES;

	@LocalServerPort
	int port;

	AnthropicClient client;

	@BeforeEach
	void freshWorkspace() {
		this.client = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());
	}

	@Test
	void aWorkspaceAtItsQuotaIsRefusedNamingTheSettingUntilItDeletesOne() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < QUOTA; i++) {
			ids.add(create(this.client, "store " + i));
		}
		this.client.beta().memoryStores().archive(ids.get(0));

		BadRequestException refused = assertThrows(BadRequestException.class, () -> create(this.client, "one more"));

		assertThat(refused.apiMessage()).hasValueSatisfying(
				(message) -> assertThat(message).contains("memstore.limits.memory-stores-per-workspace = " + QUOTA)
					.contains("already holds " + QUOTA + " memory stores"));
		assertThat(refused.headers().values("x-should-retry")).containsExactly("false");
		this.client.beta().memoryStores().delete(ids.get(0));
		assertThat(create(this.client, "room again")).startsWith("memstore_");
	}

	@Test
	void theQuotaCountsPerWorkspace() {
		for (int i = 0; i < QUOTA; i++) {
			create(this.client, "store " + i);
		}
		AnthropicClient other = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());

		assertThat(create(other, "elsewhere")).startsWith("memstore_");
	}

	@Test
	void concurrentCreatesNeverGoBeyondTheQuota() throws Exception {
		int clients = 8;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Callable<Boolean>> creates = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				String name = "racer " + i;
				creates.add(() -> {
					try {
						create(this.client, name);
						return true;
					}
					catch (BadRequestException ex) {
						return false;
					}
				});
			}
			int created = 0;
			for (Future<Boolean> result : pool.invokeAll(creates)) {
				created += result.get() ? 1 : 0;
			}

			assertThat(created).isEqualTo(QUOTA);
			assertThat(this.client.beta()
				.memoryStores()
				.list(MemoryStoreListParams.builder().includeArchived(true).build())
				.data()).hasSize(QUOTA);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String create(AnthropicClient client, String name) {
		return client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name(name).build()).id();
	}

}
