package dev.memstore.embedded;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.memorystores.BetaManagedAgentsMemoryStore;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * memstore on the PostgreSQL image that docker-compose.yml uses. Runs where a Docker
 * engine is available and is skipped, visibly, where none is.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP)
class TestcontainersDatabaseTest {

	@Container
	static PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", postgres::getJdbcUrl);
		registry.add("spring.datasource.username", postgres::getUsername);
		registry.add("spring.datasource.password", postgres::getPassword);
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void memoryStoresWorkOnTheComposeDatabaseImage() {
		AnthropicClient client = Sdk.client(this.port, TestKeys.BOOTSTRAP);

		BetaManagedAgentsMemoryStore store = client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("In a container").build());

		assertThat(client.beta().memoryStores().retrieve(store.id())).isEqualTo(store);
		assertThat(this.context.getBeanNamesForType(EmbeddedPostgresServer.class)).isEmpty();
	}

}
