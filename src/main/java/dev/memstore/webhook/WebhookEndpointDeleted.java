package dev.memstore.webhook;

/**
 * The answer to an endpoint's deletion, as the official SDKs'
 * {@code BetaDeletedOrganizationWebhookEndpoint}:
 * {@code {"id":"whep_…","type":"webhook_endpoint_deleted"}}.
 */
public record WebhookEndpointDeleted(String id, String type) {

	static WebhookEndpointDeleted of(String id) {
		return new WebhookEndpointDeleted(id, "webhook_endpoint_deleted");
	}

}
