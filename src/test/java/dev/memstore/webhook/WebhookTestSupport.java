package dev.memstore.webhook;

import java.util.List;
import java.util.stream.Collectors;

import com.anthropic.client.AnthropicClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import dev.memstore.support.WebhookReceiver;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh workspace with its SDK client, a receiver of deliveries, and endpoints
 * registered through the operator API.
 */
abstract class WebhookTestSupport {

	@LocalServerPort
	int port;

	RawApi api;

	TestWorkspaces.Workspace workspace;

	AnthropicClient client;

	WebhookReceiver receiver;

	@BeforeEach
	void aWorkspaceAndAReceiver() {
		this.api = new RawApi(this.port);
		this.workspace = TestWorkspaces.create(this.port);
		this.client = Sdk.client(this.port, this.workspace.apiKey());
		this.receiver = new WebhookReceiver();
	}

	/**
	 * Deletes the test's endpoints, so that no retry of theirs outlives the test in the
	 * application the test classes share.
	 */
	@AfterEach
	void deleteTheEndpointsAndCloseTheReceiver() {
		this.receiver.close();
		JsonNode endpoints = this.api.operator("GET", webhooks() + "?limit=100").send().json().path("data");
		endpoints.valueStream()
			.forEach((endpoint) -> this.api.operator("DELETE", webhooks() + "/" + endpoint.path("id").asString())
				.send());
	}

	String webhooks() {
		return webhooks(this.workspace.id());
	}

	static String webhooks(String workspaceId) {
		return "/_memstore/workspaces/" + workspaceId + "/webhooks";
	}

	/**
	 * Registers an endpoint of the test's workspace at the receiver.
	 * @return the creation's answer, with the signing secret
	 */
	JsonNode register(String... types) {
		return registerAt(this.workspace.id(), this.receiver.url(), types);
	}

	JsonNode registerAt(String workspaceId, String url, String... types) {
		RawApi.Response created = this.api.operator("POST", webhooks(workspaceId))
			.json("{\"url\":\"" + url + "\",\"enabled_events\":" + quoted(List.of(types)) + "}")
			.send();
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json();
	}

	RawApi.Response update(String endpointId, String json) {
		return this.api.operator("POST", webhooks() + "/" + endpointId).json(json).send();
	}

	JsonNode endpoint(String endpointId) {
		RawApi.Response endpoint = this.api.operator("GET", webhooks() + "/" + endpointId).send();
		assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
		return endpoint.json();
	}

	/**
	 * The first page of attempts at deliveries to the endpoint, newest first.
	 */
	JsonNode attempts(String endpointId) {
		RawApi.Response attempts = this.api.operator("GET", webhooks() + "/" + endpointId + "/deliveries?limit=100")
			.send();
		assertThat(attempts.status()).as(attempts.body()).isEqualTo(200);
		return attempts.json().path("data");
	}

	static String quoted(List<String> values) {
		return values.stream().map((value) -> "\"" + value + "\"").collect(Collectors.joining(",", "[", "]"));
	}

}
