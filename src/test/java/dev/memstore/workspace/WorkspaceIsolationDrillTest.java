package dev.memstore.workspace;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.TestWorkspaces;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drill D5: a second workspace's key against every endpoint that takes an id, with the
 * first workspace's ids, gets only 404s in the error envelope; no list it can read shows
 * the first workspace's objects; and nothing of the first workspace changed.
 */
@MemstoreIntegrationTest
class WorkspaceIsolationDrillTest {

	@LocalServerPort
	int port;

	RawApi api;

	String ownerKey;

	String strangerKey;

	String store;

	String memory;

	String version;

	String agent;

	String environment;

	String session;

	String resource;

	@BeforeEach
	void aWorkspaceWithOneOfEverything() {
		this.api = new RawApi(this.port);
		this.ownerKey = TestWorkspaces.create(this.port).apiKey();
		this.strangerKey = TestWorkspaces.create(this.port).apiKey();
		this.store = owner("memory", "POST", "/v1/memory_stores", "{\"name\":\"Private\"}").path("id").asString();
		JsonNode created = owner("memory", "POST", "/v1/memory_stores/" + this.store + "/memories",
				"{\"path\":\"/users/maya.md\",\"content\":\"secret\"}");
		this.memory = created.path("id").asString();
		this.version = created.path("memory_version_id").asString();
		this.agent = owner("agents", "POST", "/v1/agents",
				"{\"name\":\"a\",\"model\":\"memstore-offline\",\"tools\":[{\"type\":\"agent_toolset_20260401\"}]}")
			.path("id")
			.asString();
		this.environment = owner("agents", "POST", "/v1/environments", "{\"name\":\"e\"}").path("id").asString();
		JsonNode session = owner("agents", "POST", "/v1/sessions",
				"{\"agent\":\"" + this.agent + "\",\"environment_id\":\"" + this.environment
						+ "\",\"resources\":[{\"type\":\"memory_store\",\"memory_store_id\":\"" + this.store + "\"}]}");
		this.session = session.path("id").asString();
		this.resource = session.path("resources").get(0).path("id").asString();
		owner("agents", "POST", "/v1/sessions/" + this.session + "/turns",
				"{\"input\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
	}

	@Test
	void everyEndpointAnswersAnotherWorkspacesIdsWithNotFound() {
		String s = "/v1/memory_stores/" + this.store;
		String m = s + "/memories/" + this.memory;
		String v = s + "/memory_versions/" + this.version;
		String a = "/v1/agents/" + this.agent;
		String e = "/v1/environments/" + this.environment;
		String se = "/v1/sessions/" + this.session;
		String r = se + "/resources/" + this.resource;
		String message = "{\"events\":[{\"type\":\"user.message\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}";
		List<String[]> calls = List.of(new String[] { "memory", "GET", s, null },
				new String[] { "memory", "POST", s, "{\"name\":\"taken\"}" },
				new String[] { "memory", "PATCH", s, "{\"name\":\"taken\"}" },
				new String[] { "memory", "POST", s + "/archive", null }, new String[] { "memory", "DELETE", s, null },
				new String[] { "memory", "POST", s + "/memories", "{\"path\":\"/x.md\",\"content\":\"x\"}" },
				new String[] { "memory", "GET", s + "/memories", null }, new String[] { "memory", "GET", m, null },
				new String[] { "memory", "POST", m, "{\"content\":\"stolen\"}" },
				new String[] { "memory", "PATCH", m, "{\"content\":\"stolen\"}" },
				new String[] { "memory", "DELETE", m, null },
				new String[] { "memory", "GET", s + "/memory_versions", null },
				new String[] { "memory", "GET", v, null }, new String[] { "memory", "POST", v + "/redact", null },
				new String[] { "agents", "GET", a, null }, new String[] { "agents", "POST", a, "{\"name\":\"taken\"}" },
				new String[] { "agents", "POST", a + "/archive", null },
				new String[] { "agents", "GET", a + "/versions", null }, new String[] { "agents", "GET", e, null },
				new String[] { "agents", "POST", e, "{\"name\":\"taken\"}" },
				new String[] { "agents", "POST", e + "/archive", null }, new String[] { "agents", "DELETE", e, null },
				new String[] { "agents", "GET", se, null },
				new String[] { "agents", "POST", se, "{\"title\":\"taken\"}" },
				new String[] { "agents", "POST", se + "/archive", null }, new String[] { "agents", "DELETE", se, null },
				new String[] { "agents", "GET", se + "/resources", null }, new String[] { "agents", "GET", r, null },
				new String[] { "agents", "POST", se + "/resources", "{\"type\":\"file\",\"file_id\":\"file_x\"}" },
				new String[] { "agents", "POST", r, "{}" }, new String[] { "agents", "DELETE", r, null },
				new String[] { "agents", "POST", se + "/events", message },
				new String[] { "agents", "GET", se + "/events", null },
				new String[] { "agents", "GET", se + "/events/stream", null },
				new String[] { "agents", "POST", se + "/turns",
						"{\"input\":[{\"role\":\"user\",\"content\":\"hi\"}]}" },
				new String[] { "agents", "POST", "/v1/sessions",
						"{\"agent\":\"" + this.agent + "\",\"environment_id\":\"" + this.environment + "\"}" });
		List<String> refusedOtherwise = new ArrayList<>();
		for (String[] call : calls) {
			RawApi.Response response = send(this.strangerKey, call[0], call[1], call[2], call[3]);
			if (response.status() != 404 || !response.errorType().equals("not_found_error")) {
				refusedOtherwise.add(call[1] + " " + call[2] + " -> " + response.status() + " " + response.body());
			}
		}
		assertThat(refusedOtherwise).as("every call with another workspace's ids is a 404 not_found_error").isEmpty();
	}

	@Test
	void referencesToAnotherWorkspacesObjectsInABodyAreNotFound() {
		String agent = stranger("agents", "POST", "/v1/agents", "{\"name\":\"mine\",\"model\":\"memstore-offline\"}")
			.path("id")
			.asString();
		String environment = stranger("agents", "POST", "/v1/environments", "{\"name\":\"mine\"}").path("id")
			.asString();
		RawApi.Response mountingTheirStore = send(this.strangerKey, "agents", "POST", "/v1/sessions",
				"{\"agent\":\"" + agent + "\",\"environment_id\":\"" + environment
						+ "\",\"resources\":[{\"type\":\"memory_store\",\"memory_store_id\":\"" + this.store + "\"}]}");
		RawApi.Response usingTheirEnvironment = send(this.strangerKey, "agents", "POST", "/v1/sessions",
				"{\"agent\":\"" + agent + "\",\"environment_id\":\"" + this.environment + "\"}");

		assertThat(mountingTheirStore.status()).isEqualTo(404);
		assertThat(usingTheirEnvironment.status()).isEqualTo(404);
	}

	@Test
	void noListShowsAnotherWorkspacesObjects() {
		List<String> theirs = List.of(this.store, this.memory, this.version, this.agent, this.environment, this.session,
				this.resource);
		for (String[] list : List.of(new String[] { "memory", "/v1/memory_stores?include_archived=true" },
				new String[] { "agents", "/v1/agents?include_archived=true" },
				new String[] { "agents", "/v1/environments?include_archived=true" },
				new String[] { "agents", "/v1/sessions?include_archived=true" },
				new String[] { "agents", "/v1/sessions?memory_store_id=" + this.store },
				new String[] { "agents", "/v1/sessions?agent_id=" + this.agent })) {
			RawApi.Response response = send(this.strangerKey, list[0], "GET", list[1], null);
			assertThat(response.status()).as(list[1]).isIn(200, 404);
			if (response.status() == 200) {
				assertThat(response.json().path("data").size()).as(list[1]).isZero();
			}
			for (String id : theirs) {
				assertThat(response.status() == 404 || !response.body().contains(id)).as(list[1] + " shows " + id)
					.isTrue();
			}
		}
	}

	@Test
	void theOwnersObjectsAreUntouchedAfterTheStrangersAttempts() {
		everyEndpointAnswersAnotherWorkspacesIdsWithNotFound();

		assertThat(owner("memory", "GET", "/v1/memory_stores/" + this.store + "/memories/" + this.memory + "?view=full",
				null)
			.path("content")
			.asString()).isEqualTo("secret");
		assertThat(owner("memory", "GET", "/v1/memory_stores/" + this.store, null).path("name").asString())
			.isEqualTo("Private");
		assertThat(owner("agents", "GET", "/v1/sessions/" + this.session, null).path("title").isNull()).isTrue();
		assertThat(owner("agents", "GET", "/v1/agents/" + this.agent, null).path("name").asString()).isEqualTo("a");
	}

	private JsonNode owner(String api, String method, String path, String body) {
		RawApi.Response response = send(this.ownerKey, api, method, path, body);
		assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
		return response.json();
	}

	private JsonNode stranger(String api, String method, String path, String body) {
		RawApi.Response response = send(this.strangerKey, api, method, path, body);
		assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
		return response.json();
	}

	private RawApi.Response send(String key, String api, String method, String path, String body) {
		RawApi.Request request = api.equals("memory") ? this.api.memoryApi(method, path, key)
				: this.api.managedAgentsApi(method, path, key);
		return (body != null) ? request.json(body).send() : request.send();
	}

}
