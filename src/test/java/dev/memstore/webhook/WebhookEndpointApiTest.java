package dev.memstore.webhook;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endpoints through the operator API, in the official SDKs' organization-endpoint shape:
 * what a creation shows (the secret, this once), lists and reads without the secret,
 * updates of the fields sent, and every refusal a 400 {@code invalid_request_error}
 * naming its rule, in the Anthropic error envelope.
 */
@MemstoreIntegrationTest
class WebhookEndpointApiTest extends WebhookTestSupport {

	@Test
	void aCreatedEndpointShowsTheSdksFieldsAndItsSecretThisOnce() {
		RawApi.Response response = this.api.operator("POST", webhooks())
			.json("{\"url\":\"https://hooks.example.com/memstore\",\"enabled_events\":[\"session.status_idled\","
					+ "\"memory_store.created\",\"session.status_idled\"],\"name\":\"Ops\",\"description\":\"Pager\"}")
			.send();
		JsonNode created = response.json();
		String id = created.path("id").asString();

		assertThat(response.status()).isEqualTo(200);
		assertThat(created.propertyNames()).containsExactly("id", "name", "description", "url", "enabled_events",
				"state", "disabled_reason", "created_at", "updated_at", "signing_secret");
		assertThat(id).startsWith("whep_");
		assertThat(created.path("name").asString()).isEqualTo("Ops");
		assertThat(created.path("description").asString()).isEqualTo("Pager");
		assertThat(created.path("url").asString()).isEqualTo("https://hooks.example.com/memstore");
		assertThat(created.path("enabled_events").valueStream().map(JsonNode::asString))
			.as("each type once, in its first place")
			.containsExactly("session.status_idled", "memory_store.created");
		assertThat(created.path("state").asString()).isEqualTo("enabled");
		assertThat(created.path("disabled_reason").asString()).isEmpty();
		assertThat(Instant.parse(created.path("created_at").asString()))
			.isEqualTo(Instant.parse(created.path("updated_at").asString()));
		String secret = created.path("signing_secret").asString();
		assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
		JsonNode read = endpoint(id);
		assertThat(read.propertyNames()).doesNotContain("signing_secret");
		assertThat(read.path("url")).isEqualTo(created.path("url"));
		assertThat(read.path("created_at")).isEqualTo(created.path("created_at"));
	}

	@Test
	void nameAndDescriptionAreEmptyStringsWhenNotGiven() {
		JsonNode created = register("agent.created");

		assertThat(created.path("name").asString()).isEmpty();
		assertThat(created.path("description").asString()).isEmpty();
	}

	@Test
	void aWorkspacesEndpointsAreListedNewestFirstInCursorPagesWithoutSecrets() {
		String first = register("agent.created").path("id").asString();
		String second = register("agent.updated").path("id").asString();
		String third = register("agent.archived").path("id").asString();

		JsonNode page = this.api.operator("GET", webhooks() + "?limit=2").send().json();
		JsonNode next = this.api.operator("GET", webhooks() + "?limit=2&page=" + page.path("next_page").asString())
			.send()
			.json();

		assertThat(page.path("data").valueStream().map((endpoint) -> endpoint.path("id").asString()))
			.containsExactly(third, second);
		assertThat(next.path("data").valueStream().map((endpoint) -> endpoint.path("id").asString()))
			.containsExactly(first);
		assertThat(next.path("next_page").isNull()).isTrue();
		assertThat(page.path("data").valueStream())
			.allSatisfy((endpoint) -> assertThat(endpoint.propertyNames()).doesNotContain("signing_secret"));
		assertThat(this.api.operator("GET", webhooks("wrkspc_unknown")).send().status()).isEqualTo(404);
	}

	@Test
	void anUpdateChangesOnlyTheFieldsSent() {
		JsonNode created = register("agent.created", "agent.updated");
		String id = created.path("id").asString();

		JsonNode renamed = update(id, "{\"name\":\"Renamed\"}").json();
		JsonNode emptyEvents = update(id, "{\"enabled_events\":[]}").json();
		JsonNode moved = update(id,
				"{\"url\":\"http://10.0.0.5:9000/in\",\"enabled_events\":[\"session.idled\"],\"description\":\"LAN\"}")
			.json();
		JsonNode unchanged = update(id, "{}").json();

		assertThat(renamed.path("name").asString()).isEqualTo("Renamed");
		assertThat(renamed.path("url")).isEqualTo(created.path("url"));
		assertThat(renamed.path("enabled_events")).isEqualTo(created.path("enabled_events"));
		assertThat(Instant.parse(renamed.path("updated_at").asString()))
			.isAfter(Instant.parse(created.path("updated_at").asString()));
		assertThat(emptyEvents.path("enabled_events")).as("an empty list leaves the set as it is")
			.isEqualTo(created.path("enabled_events"));
		assertThat(moved.path("url").asString()).isEqualTo("http://10.0.0.5:9000/in");
		assertThat(moved.path("enabled_events").valueStream().map(JsonNode::asString)).containsExactly("session.idled");
		assertThat(moved.path("description").asString()).isEqualTo("LAN");
		assertThat(moved.path("name").asString()).isEqualTo("Renamed");
		assertThat(unchanged).as("nothing sent, nothing changed, updated_at included").isEqualTo(moved);
		assertThat(moved.propertyNames()).doesNotContain("signing_secret");
	}

	@Test
	void badUrlsAreRefusedWithAClearMessage() {
		assertRefused("{\"enabled_events\":[\"agent.created\"]}", "url is required");
		assertRefused("{\"url\":\"ftp://example.com/in\",\"enabled_events\":[\"agent.created\"]}",
				"url must be an http or https URL, got 'ftp://example.com/in'");
		assertRefused("{\"url\":\"hooks.example.com/in\",\"enabled_events\":[\"agent.created\"]}",
				"url must be an http or https URL");
		assertRefused("{\"url\":\"https://me:pw@example.com/in\",\"enabled_events\":[\"agent.created\"]}",
				"url must not hold credentials");
		assertRefused("{\"url\":\"https://example.com/in#top\",\"enabled_events\":[\"agent.created\"]}",
				"url must not have a fragment");
		String id = register("agent.created").path("id").asString();
		RawApi.Response refused = update(id, "{\"url\":\"mailto:ops@example.com\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errorMessage()).contains("url must be an http or https URL");
	}

	@Test
	void eventTypesMustBeOnesMemstoreSendsAndTheRefusalSaysWhy() {
		String url = "\"url\":\"http://127.0.0.1:9/in\"";
		assertRefused("{" + url + "}", "enabled_events is required");
		assertRefused("{" + url + ",\"enabled_events\":[]}", "enabled_events must list at least one event type");
		assertRefused("{" + url + ",\"enabled_events\":[\"memory.created\"]}",
				"enabled_events[0] is 'memory.created', not an event type memstore sends; it sends memory_store.created");
		assertRefused("{" + url + ",\"enabled_events\":[\"agent.created\",\"vault.created\"]}",
				"enabled_events[1] is vault.created, which memstore never sends: memstore does not serve vaults");
		assertRefused("{" + url + ",\"enabled_events\":[\"agent.deleted\"]}",
				"agent.deleted, which memstore never sends: no API deletes an agent");
		assertRefused("{" + url + ",\"enabled_events\":[\"user_profile.program_status_updated\"]}",
				"it is an organization event");
		assertRefused("{" + url + ",\"enabled_events\":[null]}", "enabled_events[0] must be an event type");
	}

	@Test
	void otherFieldsAreCheckedToo() {
		String valid = "\"url\":\"http://127.0.0.1:9/in\",\"enabled_events\":[\"agent.created\"]";
		assertRefused("{" + valid + ",\"name\":\"" + "n".repeat(256) + "\"}", "name must be 1 to 255 characters");
		assertRefused("{" + valid + ",\"name\":\"two\\nlines\"}", "name must not contain control characters");
		assertRefused("{" + valid + ",\"description\":\"" + "d".repeat(1025) + "\"}",
				"description must be at most 1024 characters");
		String id = register("agent.created").path("id").asString();
		RawApi.Response refused = update(id, "{\"state\":\"paused\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errorType()).isEqualTo("invalid_request_error");
		assertThat(refused.errorMessage()).isEqualTo("state must be enabled or disabled, got 'paused'");
	}

	@Test
	void unknownEndpointsAreNotFound() {
		for (String path : List.of("/whep_unknown", "/whep_01AAAAAAAAAAAAAAAAAAAAAA", "/whep_unknown/deliveries")) {
			RawApi.Response read = this.api.operator("GET", webhooks() + path).send();
			assertThat(read.status()).as(path).isEqualTo(404);
			assertThat(read.errorType()).isEqualTo("not_found_error");
		}
		assertThat(this.api.operator("POST", webhooks() + "/whep_unknown/regenerate_signing_secret").send().status())
			.isEqualTo(404);
	}

	private void assertRefused(String body, String message) {
		RawApi.Response refused = this.api.operator("POST", webhooks()).json(body).send();
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.errorType()).isEqualTo("invalid_request_error");
		assertThat(refused.errorMessage()).contains(message);
	}

}
