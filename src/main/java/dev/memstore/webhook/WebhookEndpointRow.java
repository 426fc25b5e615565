package dev.memstore.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A row of {@code webhook_endpoints}.
 *
 * @param lastSuccessAt when a delivery to it last succeeded, or {@code null}
 */
record WebhookEndpointRow(String id, String workspaceId, String name, String description, String url,
		List<String> enabledEvents, String state, String disabledReason, String signingSecret, Instant lastSuccessAt,
		Instant createdAt, Instant updatedAt) {

	WebhookEndpoint toEndpoint() {
		return new WebhookEndpoint(this.id, this.name, this.description, this.url, this.enabledEvents, this.state,
				this.disabledReason, this.createdAt, this.updatedAt);
	}

	boolean isEnabled() {
		return WebhookEndpoint.ENABLED.equals(this.state);
	}

	/**
	 * The row with the fields an update may change; itself when none changed, so that
	 * {@code updated_at} moves only on a change.
	 */
	WebhookEndpointRow updated(String url, List<String> enabledEvents, String name, String description, String state,
			String disabledReason, Instant now) {
		if (url.equals(this.url) && enabledEvents.equals(this.enabledEvents) && name.equals(this.name)
				&& description.equals(this.description) && state.equals(this.state)
				&& disabledReason.equals(this.disabledReason)) {
			return this;
		}
		return new WebhookEndpointRow(this.id, this.workspaceId, name, description, url, enabledEvents, state,
				disabledReason, this.signingSecret, this.lastSuccessAt, this.createdAt, now);
	}

	WebhookEndpointRow withSigningSecret(String signingSecret, Instant now) {
		return new WebhookEndpointRow(this.id, this.workspaceId, this.name, this.description, this.url,
				this.enabledEvents, this.state, this.disabledReason, signingSecret, this.lastSuccessAt, this.createdAt,
				now);
	}

}
