package dev.memstore.webhook;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A new webhook endpoint with its signing secret, the answer to its creation, in the
 * shape of the official SDKs' {@code BetaNewOrganizationWebhookEndpoint}. No other answer
 * shows the secret but a regeneration, which replaces it.
 *
 * @param signingSecret {@code whsec_} and the base64 of 32 random bytes: the key of the
 * Standard Webhooks signature of every delivery
 */
@JsonPropertyOrder({ "id", "name", "description", "url", "enabled_events", "state", "disabled_reason", "created_at",
		"updated_at", "signing_secret" })
public record NewWebhookEndpoint(String id, String name, String description, String url, List<String> enabledEvents,
		String state, String disabledReason, Instant createdAt, Instant updatedAt, String signingSecret) {

	static NewWebhookEndpoint of(WebhookEndpoint endpoint, String signingSecret) {
		return new NewWebhookEndpoint(endpoint.id(), endpoint.name(), endpoint.description(), endpoint.url(),
				endpoint.enabledEvents(), endpoint.state(), endpoint.disabledReason(), endpoint.createdAt(),
				endpoint.updatedAt(), signingSecret);
	}

}
