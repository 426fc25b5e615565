package dev.memstore.webhook;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A webhook endpoint of a workspace, in the shape of the official SDKs'
 * {@code BetaOrganizationWebhookEndpoint}: without its signing secret, which only the
 * creation and a regeneration show.
 *
 * @param name a short label, {@code ""} when none was given
 * @param description notes, {@code ""} when none were given
 * @param url where deliveries are sent
 * @param enabledEvents the event types delivered to it
 * @param state {@code enabled} or {@code disabled}; events that happen while it is
 * disabled are never delivered to it
 * @param disabledReason why memstore disabled it; {@code ""} while it is enabled or when
 * the operator disabled it
 */
@JsonPropertyOrder({ "id", "name", "description", "url", "enabled_events", "state", "disabled_reason", "created_at",
		"updated_at" })
public record WebhookEndpoint(String id, String name, String description, String url, List<String> enabledEvents,
		String state, String disabledReason, Instant createdAt, Instant updatedAt) {

	public static final String ENABLED = "enabled";

	public static final String DISABLED = "disabled";

	@JsonIgnore
	public boolean isEnabled() {
		return ENABLED.equals(this.state);
	}

}
