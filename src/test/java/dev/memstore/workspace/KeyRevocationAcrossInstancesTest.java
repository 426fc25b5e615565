package dev.memstore.workspace;

import java.time.Duration;
import java.util.function.Supplier;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.beta.memorystores.MemoryStoreListParams;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.memstore.MemstoreApplication;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Two instances on one database remember the keys they have seen; a key revoked through
 * either stops working on both within the bound the README promises, long before a
 * remembered key is checked again ({@link ActiveApiKeys#RECHECK_AFTER}).
 */
class KeyRevocationAcrossInstancesTest {

	/** The README's bound is 1 s; this leaves room for a loaded CI machine. */
	private static final Duration WITHIN = Duration.ofSeconds(10);

	static EmbeddedPostgres database;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static JdbcTemplate jdbc;

	@BeforeAll
	static void twoInstancesOnOneDatabase() throws Exception {
		database = EmbeddedPostgres.builder().start();
		jdbc = new JdbcTemplate(database.getPostgresDatabase());
		first = instance();
		second = instance();
	}

	@AfterAll
	static void stop() throws Exception {
		second.close();
		first.close();
		database.close();
	}

	@Test
	void aKeyRevokedOnOneInstanceIsRefusedByTheOtherAtOnce() {
		Key key = issueKey();
		AnthropicClient onSecond = client(second, key.secret());
		assertAccepted(onSecond);

		operator(first).operator("POST", key.path() + "/revoke").send();

		long refusedAfterMillis = millisUntilRefused(onSecond);
		System.out.printf("revocation reached the other instance in %d ms%n", refusedAfterMillis);
		assertThat(refusedAfterMillis).isLessThan(WITHIN.toMillis());
		assertRefused(client(first, key.secret()));
	}

	@Test
	void aRememberedKeyIsAnsweredFromMemoryUntilItsRevocationIsAnnounced() {
		Key key = issueKey();
		AnthropicClient onSecond = client(second, key.secret());
		assertAccepted(onSecond);

		// Revoked behind memstore's back: nothing announces it, so the remembered key
		// still works.
		jdbc.update("update api_keys set revoked_at = now() where id = ?", key.id());
		assertAccepted(onSecond);

		jdbc.queryForList("select pg_notify('memstore_api_keys', ?)", key.id());
		assertThat(millisUntilRefused(onSecond)).isLessThan(WITHIN.toMillis());
	}

	@Test
	void anInstanceThatLostItsNotificationsForgetsWhatItRemembered() {
		Key key = issueKey();
		AnthropicClient onSecond = client(second, key.secret());
		assertAccepted(onSecond);
		jdbc.update("update api_keys set revoked_at = now() where id = ?", key.id());

		// Every instance's listening connection dies; any announcement meanwhile would be
		// lost.
		jdbc.queryForList("select pg_terminate_backend(pid) from pg_stat_activity where query like 'listen %'");

		assertThat(millisUntilRefused(onSecond)).isLessThan(WITHIN.toMillis());
	}

	private record Key(String id, String secret, String path) {
	}

	private static Key issueKey() {
		RawApi api = operator(first);
		String workspaceId = api.operator("POST", "/_memstore/workspaces")
			.json("{\"name\":\"Revocation\"}")
			.send()
			.json()
			.path("id")
			.asString();
		String keysPath = "/_memstore/workspaces/" + workspaceId + "/api_keys";
		JsonNode issued = api.operator("POST", keysPath).send().json();
		String id = issued.path("id").asString();
		return new Key(id, issued.path("secret").asString(), keysPath + "/" + id);
	}

	private static long millisUntilRefused(AnthropicClient client) {
		long start = System.nanoTime();
		while (System.nanoTime() - start < 2 * WITHIN.toNanos()) {
			if (refused(() -> client.beta().memoryStores().list(MemoryStoreListParams.none()))) {
				return Duration.ofNanos(System.nanoTime() - start).toMillis();
			}
			sleep();
		}
		throw new AssertionError("the revoked key was still accepted after " + 2 * WITHIN.toSeconds() + " s");
	}

	private static void assertAccepted(AnthropicClient client) {
		assertThat(refused(() -> client.beta().memoryStores().list(MemoryStoreListParams.none()))).isFalse();
	}

	private static void assertRefused(AnthropicClient client) {
		assertThrows(UnauthorizedException.class,
				() -> client.beta().memoryStores().list(MemoryStoreListParams.none()));
	}

	private static boolean refused(Supplier<?> call) {
		try {
			call.get();
			return false;
		}
		catch (UnauthorizedException ex) {
			return true;
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ConfigurableApplicationContext instance() {
		return new SpringApplicationBuilder(MemstoreApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + database.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres", "--memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP,
				"--memstore.auth.admin-key=" + TestKeys.ADMIN, "--memstore.runtime.workers=0");
	}

	private static int port(ConfigurableApplicationContext instance) {
		return instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static RawApi operator(ConfigurableApplicationContext instance) {
		return new RawApi(port(instance));
	}

	private static AnthropicClient client(ConfigurableApplicationContext instance, String key) {
		return Sdk.client(port(instance), key);
	}

}
