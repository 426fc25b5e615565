package dev.memstore.support;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fresh workspaces made through the operator API, so that each test sees only its own
 * resources.
 */
public final class TestWorkspaces {

	private TestWorkspaces() {
	}

	public static Workspace create(int port) {
		RawApi api = new RawApi(port);
		RawApi.Response workspace = api.operator("POST", "/_memstore/workspaces").json("{\"name\":\"test\"}").send();
		assertThat(workspace.status()).isEqualTo(200);
		String workspaceId = workspace.json().path("id").asString();
		RawApi.Response key = api.operator("POST", "/_memstore/workspaces/" + workspaceId + "/api_keys")
			.json("{\"name\":\"test key\"}")
			.send();
		assertThat(key.status()).isEqualTo(200);
		JsonNode body = key.json();
		return new Workspace(workspaceId, body.path("id").asString(), body.path("secret").asString());
	}

	/**
	 * A workspace and one active key of it.
	 */
	public record Workspace(String id, String apiKeyId, String apiKey) {

	}

}
