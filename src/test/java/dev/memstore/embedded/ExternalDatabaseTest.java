package dev.memstore.embedded;

import com.anthropic.models.beta.memorystores.BetaManagedAgentsMemoryStore;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import dev.memstore.MemstoreApplication;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.datasource.url} set, memstore uses that server, migrates it with
 * Flyway, and starts no database of its own. The "external" server here is a separately
 * started PostgreSQL, so this runs without Docker.
 */
class ExternalDatabaseTest {

	@Test
	void aConfiguredDatabaseIsMigratedAndUsedAndNothingEmbeddedStarts() throws Exception {
		try (EmbeddedPostgres external = EmbeddedPostgres.builder().start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(MemstoreApplication.class).run(
						"--server.port=0", "--spring.datasource.url=" + external.getJdbcUrl("postgres", "postgres"),
						"--spring.datasource.username=postgres",
						"--memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP)) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);

			BetaManagedAgentsMemoryStore store = Sdk.client(port, TestKeys.BOOTSTRAP)
				.beta()
				.memoryStores()
				.create(MemoryStoreCreateParams.builder().name("External").build());

			assertThat(context.getBeanNamesForType(EmbeddedPostgresServer.class)).isEmpty();
			JdbcTemplate direct = new JdbcTemplate(external.getPostgresDatabase());
			assertThat(direct.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
				.isGreaterThanOrEqualTo(2);
			assertThat(direct.queryForObject("select name from memory_stores where id = ?", String.class, store.id()))
				.isEqualTo("External");
		}
	}

}
