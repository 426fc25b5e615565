package dev.memstore.selfhosted;

import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.TestWorkspaces;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator API of environment keys: issued once with their secret, for a self-hosted
 * environment of the workspace only, listed without it, revoked.
 */
@MemstoreIntegrationTest
class EnvironmentKeysTest extends SelfHostedTestSupport {

	@Test
	void aKeyIsIssuedWithItsSecretOnceAndAcceptsAnEmptyBody() {
		RawApi.Response issued = this.api.operator("POST", keysPath(this.environmentId)).send();
		assertThat(issued.status()).as(issued.body()).isEqualTo(200);
		assertThat(issued.json().path("type").asString()).isEqualTo("environment_key");
		assertThat(issued.json().path("id").asString()).startsWith("envkey_");
		assertThat(issued.json().path("environment_id").asString()).isEqualTo(this.environmentId);
		assertThat(issued.json().path("name").asString()).isEqualTo("Environment key");
		assertThat(issued.json().path("secret").asString()).startsWith("sk-memstore-ek-");
		assertThat(issued.json().path("created_at").isString()).isTrue();
		RawApi.Response empty = this.api.operator("POST", keysPath(this.environmentId)).json("{}").send();
		assertThat(empty.status()).isEqualTo(200);

		RawApi.Response page = this.api.operator("GET", keysPath(this.environmentId) + "?limit=2").send();
		assertThat(page.json().path("data")).hasSize(2);
		assertThat(page.json().path("data").get(0).has("secret")).isFalse();
		assertThat(page.json().path("data").get(0).path("revoked_at").isNull()).isTrue();
		RawApi.Response next = this.api
			.operator("GET", keysPath(this.environmentId) + "?limit=2&page=" + page.json().path("next_page").asString())
			.send();
		assertThat(next.json().path("data")).hasSize(1);
		assertThat(next.json().path("next_page").isNull()).isTrue();
	}

	@Test
	void keysAreOnlyForASelfHostedUnarchivedEnvironmentOfTheWorkspace() {
		String cloud = SessionFixtures.environment(this.client, "Cloud");
		RawApi.Response cloudKey = this.api.operator("POST", keysPath(cloud)).send();
		assertThat(cloudKey.status()).isEqualTo(400);
		assertThat(cloudKey.errorMessage()).contains("self_hosted");

		RawApi.Response unknown = this.api.operator("POST", keysPath("env_unknown")).send();
		assertThat(unknown.status()).isEqualTo(404);
		TestWorkspaces.Workspace other = TestWorkspaces.create(this.port);
		RawApi.Response foreign = this.api
			.operator("POST", "/_memstore/workspaces/" + other.id() + "/environments/" + this.environmentId + "/keys")
			.send();
		assertThat(foreign.status()).isEqualTo(404);

		this.client.beta().environments().archive(this.environmentId);
		RawApi.Response archived = this.api.operator("POST", keysPath(this.environmentId)).send();
		assertThat(archived.status()).isEqualTo(400);
		assertThat(archived.errorMessage()).contains("archived");
		// Its existing key keeps working, so that its workers finish what they hold.
		assertThat(this.worker.beta().environments().work().poll(this.environmentId)).isEmpty();
	}

}
