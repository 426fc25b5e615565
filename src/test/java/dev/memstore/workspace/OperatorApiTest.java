package dev.memstore.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The operator API under {@code /_memstore}: workspaces, keys shown once and stored
 * hashed, revocation.
 */
@MemstoreIntegrationTest
class OperatorApiTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	RawApi api;

	@BeforeEach
	void setUp() {
		this.api = new RawApi(this.port);
	}

	@Test
	void theOperatorApiRequiresTheAdminKey() {
		RawApi.Response[] responses = { this.api.request("GET", "/_memstore/workspaces").send(),
				this.api.request("GET", "/_memstore/workspaces").header("x-api-key", "wrong").send(),
				this.api.request("GET", "/_memstore/workspaces").header("x-api-key", TestKeys.BOOTSTRAP).send() };

		for (RawApi.Response response : responses) {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.errorType()).isEqualTo("authentication_error");
			assertThat(response.json().path("request_id").asString()).isEqualTo(response.header("request-id"));
		}
		assertThat(this.api.request("GET", "/_memstore/workspaces")
			.header("authorization", "Bearer " + TestKeys.ADMIN)
			.send()
			.status()).isEqualTo(200);
	}

	@Test
	void createdWorkspacesCanBeReadAndListed() {
		JsonNode created = this.api.operator("POST", "/_memstore/workspaces").json("{\"name\":\"Acme\"}").send().json();
		String id = created.path("id").asString();

		JsonNode read = this.api.operator("GET", "/_memstore/workspaces/" + id).send().json();
		JsonNode list = this.api.operator("GET", "/_memstore/workspaces").send().json();

		assertThat(id).startsWith("wrkspc_");
		assertThat(created.path("type").asString()).isEqualTo("workspace");
		assertThat(created.path("is_default").asBoolean()).isFalse();
		assertThat(read).isEqualTo(created);
		assertThat(list.path("data").valueStream().map((workspace) -> workspace.path("id").asString())).contains(id);
		assertThat(list.path("data").valueStream().filter((workspace) -> workspace.path("is_default").asBoolean()))
			.hasSize(1);
	}

	@Test
	void workspacesNeedAValidName() {
		for (String body : new String[] { "{}", "{\"name\":\"\"}", "{\"name\":\"" + "n".repeat(256) + "\"}" }) {
			RawApi.Response response = this.api.operator("POST", "/_memstore/workspaces").json(body).send();
			assertThat(response.status()).as(body).isEqualTo(400);
		}
		assertThat(this.api.operator("GET", "/_memstore/workspaces/wrkspc_missing").send().status()).isEqualTo(404);
	}

	@Test
	void anIssuedKeyShowsItsSecretOnceAndKeepsOnlyAHash() throws Exception {
		String workspaceId = newWorkspace();

		JsonNode issued = this.api.operator("POST", "/_memstore/workspaces/" + workspaceId + "/api_keys")
			.json("{\"name\":\"ci\"}")
			.send()
			.json();
		String secret = issued.path("secret").asString();
		JsonNode listed = this.api.operator("GET", "/_memstore/workspaces/" + workspaceId + "/api_keys")
			.send()
			.json()
			.path("data")
			.get(0);

		assertThat(issued.path("id").asString()).startsWith("apikey_");
		assertThat(issued.path("status").asString()).isEqualTo("active");
		assertThat(secret).startsWith("sk-memstore-").hasSizeGreaterThan(40);
		assertThat(issued.path("partial_key_hint").asString()).endsWith(secret.substring(secret.length() - 4));
		assertThat(listed.has("secret")).isFalse();
		assertThat(listed.path("id").asString()).isEqualTo(issued.path("id").asString());
		assertThat(this.jdbc.queryForObject("select count(*) from api_keys where secret_sha256 = ?", Integer.class,
				sha256(secret)))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from api_keys where secret_sha256 = ? or name = ? or partial_key_hint = ?",
				Integer.class, secret, secret, secret))
			.isZero();
	}

	@Test
	void anIssuedKeyWorksUntilItIsRevoked() {
		String workspaceId = newWorkspace();
		JsonNode issued = this.api.operator("POST", "/_memstore/workspaces/" + workspaceId + "/api_keys").send().json();
		AnthropicClient client = Sdk.client(this.port, issued.path("secret").asString());
		client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name("Before revocation").build());

		String revokePath = "/_memstore/workspaces/" + workspaceId + "/api_keys/" + issued.path("id").asString()
				+ "/revoke";
		JsonNode revoked = this.api.operator("POST", revokePath).send().json();
		JsonNode revokedAgain = this.api.operator("POST", revokePath).send().json();

		assertThat(revoked.path("status").asString()).isEqualTo("revoked");
		assertThat(revoked.path("revoked_at").asString()).isNotEmpty();
		assertThat(revokedAgain).isEqualTo(revoked);
		UnauthorizedException refused = assertThrows(UnauthorizedException.class,
				() -> client.beta()
					.memoryStores()
					.create(MemoryStoreCreateParams.builder().name("After revocation").build()));
		assertThat(refused.type()).contains(ErrorType.AUTHENTICATION_ERROR);
	}

	@Test
	void theBootstrapKeyIsInstalledInTheDefaultWorkspaceAndCannotBeRevokedThroughTheApi() throws Exception {
		String defaultWorkspace = this.jdbc.queryForObject("select id from workspaces where is_default", String.class);
		String bootstrapKeyId = this.jdbc.queryForObject(
				"select id from api_keys where bootstrap and revoked_at is null and workspace_id = ?", String.class,
				defaultWorkspace);

		RawApi.Response refused = this.api
			.operator("POST", "/_memstore/workspaces/" + defaultWorkspace + "/api_keys/" + bootstrapKeyId + "/revoke")
			.send();

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errorMessage()).contains("memstore.auth.bootstrap-key");
		assertThat(this.jdbc.queryForObject("select count(*) from api_keys where secret_sha256 = ?", Integer.class,
				sha256(TestKeys.BOOTSTRAP)))
			.isEqualTo(1);
	}

	@Test
	void keysOfAnotherWorkspaceCannotBeRevokedThroughThisOne() {
		String first = newWorkspace();
		String second = newWorkspace();
		String keyOfFirst = this.api.operator("POST", "/_memstore/workspaces/" + first + "/api_keys")
			.send()
			.json()
			.path("id")
			.asString();

		RawApi.Response response = this.api
			.operator("POST", "/_memstore/workspaces/" + second + "/api_keys/" + keyOfFirst + "/revoke")
			.send();

		assertThat(response.status()).isEqualTo(404);
	}

	private String newWorkspace() {
		return this.api.operator("POST", "/_memstore/workspaces")
			.json("{\"name\":\"Operator test\"}")
			.send()
			.json()
			.path("id")
			.asString();
	}

	private static String sha256(String value) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
	}

}
