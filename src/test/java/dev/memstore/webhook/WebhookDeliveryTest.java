package dev.memstore.webhook;

import java.time.Duration;
import java.util.List;

import com.anthropic.errors.AnthropicWebhookException;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.memstore.kernel.ApiException;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreCreateRequest;
import dev.memstore.store.MemoryStoreService;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;
import dev.memstore.support.WebhookReceiver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Who gets what: an endpoint gets only the types it subscribes to and only its own
 * workspace's events, nothing after it is deleted, nothing of a change that rolled back;
 * its secret is shown only when it is made, and a new secret replaces the old one at
 * once. The operator can send a test event and deliver an event again.
 */
@MemstoreIntegrationTest
class WebhookDeliveryTest extends WebhookTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MemoryStoreService stores;

	@Autowired
	WebhookService webhooks;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void anEndpointGetsOnlyTheTypesItSubscribesTo() {
		String onlyDeletions = register("memory_store.deleted").path("id").asString();
		try (WebhookReceiver everything = new WebhookReceiver()) {
			registerAt(this.workspace.id(), everything.url(), "memory_store.created", "memory_store.deleted");

			String store = newStore("Short-lived");
			this.client.beta().memoryStores().delete(store);

			this.receiver.awaitEvent("memory_store.deleted", store);
			everything.awaitEvent("memory_store.deleted", store);
			everything.awaitEvent("memory_store.created", store);
			assertThat(this.receiver.received()).extracting(WebhookReceiver.Delivery::dataType)
				.containsOnly("memory_store.deleted");
			assertThat(owed(onlyDeletions, store)).containsExactly("memory_store.deleted");
		}
	}

	@Test
	void anEndpointGetsOnlyItsOwnWorkspacesEventsAndIsNotFoundFromAnother() {
		String mine = register("memory_store.created").path("id").asString();
		TestWorkspaces.Workspace other = TestWorkspaces.create(this.port);
		try (WebhookReceiver theirs = new WebhookReceiver()) {
			registerAt(other.id(), theirs.url(), "memory_store.created");

			String theirStore = Sdk.client(this.port, other.apiKey())
				.beta()
				.memoryStores()
				.create(MemoryStoreCreateParams.builder().name("Theirs").build())
				.id();
			String myStore = newStore("Mine");

			theirs.awaitEvent("memory_store.created", theirStore);
			this.receiver.awaitEvent("memory_store.created", myStore);
			assertThat(owed(mine, theirStore)).isEmpty();
			assertThat(this.receiver.received()).extracting(WebhookReceiver.Delivery::dataId).containsOnly(myStore);
			assertThat(theirs.received()).extracting(WebhookReceiver.Delivery::dataId).containsOnly(theirStore);
			assertThat(this.api.operator("GET", webhooks(other.id()) + "/" + mine).send().status()).isEqualTo(404);
			assertThat(this.api.operator("DELETE", webhooks(other.id()) + "/" + mine).send().status()).isEqualTo(404);
		}
	}

	@Test
	void aDeletedEndpointGetsNothingMoreNotEvenARetry() throws InterruptedException {
		String endpoint = register("memory_store.created").path("id").asString();
		this.receiver.answerAlways(500);
		String store = newStore("Retried");
		this.receiver.awaitEvent("memory_store.created", store);

		RawApi.Response deleted = this.api.operator("DELETE", webhooks() + "/" + endpoint).send();
		int receivedWhenDeleted = this.receiver.received().size();
		newStore("After the deletion");
		// The first retry comes within 5 s of the first attempt.
		Thread.sleep(RetrySchedule.FIRST.plusSeconds(2).toMillis());

		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json().path("id").asString()).isEqualTo(endpoint);
		assertThat(deleted.json().path("type").asString()).isEqualTo("webhook_endpoint_deleted");
		assertThat(deleted.json().propertyNames()).containsExactly("id", "type");
		assertThat(this.receiver.received()).hasSize(receivedWhenDeleted);
		assertThat(this.jdbc.sql("select count(*) from webhook_deliveries where endpoint_id = :id")
			.param("id", endpoint)
			.query(Integer.class)
			.single()).isZero();
		assertThat(this.api.operator("GET", webhooks() + "/" + endpoint).send().status()).isEqualTo(404);
	}

	@Test
	void aChangeThatRollsBackIsNeverAnnounced() {
		String endpoint = register("memory_store.created").path("id").asString();
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);
		String[] rolledBack = new String[1];

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> transaction.executeWithoutResult((status) -> {
				MemoryStore store = this.stores.create(this.workspace.id(),
						new MemoryStoreCreateRequest("Never was", null, null));
				rolledBack[0] = store.id();
				throw new IllegalStateException("the change fails after its event was written");
			}));
		String kept = newStore("Kept");

		this.receiver.awaitEvent("memory_store.created", kept);
		assertThat(rolledBack[0]).startsWith("memstore_");
		assertThat(this.jdbc.sql("select count(*) from webhook_events where resource_id = :id")
			.param("id", rolledBack[0])
			.query(Integer.class)
			.single()).isZero();
		assertThat(owed(endpoint, kept)).containsExactly("memory_store.created");
		assertThat(this.receiver.received()).extracting(WebhookReceiver.Delivery::dataId).containsOnly(kept);
	}

	@Test
	void theSecretIsShownOnlyWhenMadeAndANewOneReplacesTheOldAtOnce() {
		JsonNode created = register("memory_store.created");
		String endpoint = created.path("id").asString();
		String oldSecret = created.path("signing_secret").asString();
		String first = newStore("Signed with the first secret");
		WebhookReceiver.Delivery firstDelivery = this.receiver.awaitEvent("memory_store.created", first);

		RawApi.Response regenerated = this.api
			.operator("POST", webhooks() + "/" + endpoint + "/regenerate_signing_secret")
			.send();
		String newSecret = regenerated.json().path("signing_secret").asString();
		String second = newStore("Signed with the second secret");
		WebhookReceiver.Delivery secondDelivery = this.receiver.awaitEvent("memory_store.created", second);

		assertThat(oldSecret).startsWith("whsec_");
		assertThat(regenerated.status()).isEqualTo(200);
		assertThat(regenerated.json().propertyNames()).containsExactly("signing_secret");
		assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
		assertThat(firstDelivery.unwrap(oldSecret).id()).isEqualTo(firstDelivery.webhookId());
		assertThat(secondDelivery.unwrap(newSecret).id()).isEqualTo(secondDelivery.webhookId());
		assertThatExceptionOfType(AnthropicWebhookException.class).isThrownBy(() -> secondDelivery.unwrap(oldSecret));
		assertThat(endpoint(endpoint).has("signing_secret")).isFalse();
		assertThat(this.api.operator("GET", webhooks()).send().json().path("data").get(0).has("signing_secret"))
			.isFalse();
		assertThat(update(endpoint, "{\"name\":\"Renamed\"}").json().has("signing_secret")).isFalse();
	}

	@Test
	void aTestEventReachesTheEndpointWhateverItSubscribesTo() {
		JsonNode created = register("agent.archived");
		String endpoint = created.path("id").asString();

		String eventId = this.webhooks.sendTestEvent(this.workspace.id(), endpoint);

		WebhookReceiver.Delivery test = this.receiver.awaitEvent(WebhookEventTypes.TEST, endpoint);
		assertThat(test.webhookId()).isEqualTo(eventId);
		assertThat(test.unwrap(created.path("signing_secret").asString()).id()).isEqualTo(eventId);
		assertThat(test.json().path("data").path("workspace_id").asString()).isEqualTo(this.workspace.id());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> attempts(endpoint).path(0).path("delivery_status").asString().equals("delivered"));
		assertThat(attempts(endpoint).path(0).path("event_type").asString()).isEqualTo(WebhookEventTypes.TEST);
	}

	@Test
	void anEventIsDeliveredAgainOnRequestWithTheSameWebhookId() {
		String endpoint = register("memory_store.created").path("id").asString();
		String store = newStore("Twice");
		String eventId = this.receiver.awaitEvent("memory_store.created", store).webhookId();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> attempts(endpoint).path(0).path("delivery_status").asString().equals("delivered"));

		this.webhooks.redeliver(this.workspace.id(), endpoint, eventId);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.ofType("memory_store.created").size() == 2);
		assertThat(this.receiver.received()).extracting(WebhookReceiver.Delivery::webhookId)
			.containsExactly(eventId, eventId);
		await().atMost(Duration.ofSeconds(10)).until(() -> attempts(endpoint).size() == 2);
		assertThat(attempts(endpoint).path(0).path("attempt").asInt()).isEqualTo(2);
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.webhooks.redeliver(this.workspace.id(), endpoint, "event_unknown"))
			.withMessageContaining("no event event_unknown was delivered to webhook endpoint " + endpoint);
	}

	private String newStore(String name) {
		return this.client.beta().memoryStores().create(MemoryStoreCreateParams.builder().name(name).build()).id();
	}

	/**
	 * The types of the events about a resource that the endpoint is owed, delivered or
	 * not: written in the transaction of the change, so known as soon as it returns.
	 */
	private List<String> owed(String endpointId, String resourceId) {
		return this.jdbc
			.sql("""
					select event.type from webhook_deliveries delivery join webhook_events event on event.id = delivery.event_id
					where delivery.endpoint_id = :endpoint and event.resource_id = :resource order by event.created_at""")
			.param("endpoint", endpointId)
			.param("resource", resourceId)
			.query(String.class)
			.list();
	}

}
