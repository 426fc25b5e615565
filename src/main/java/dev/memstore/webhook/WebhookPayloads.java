package dev.memstore.webhook;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.json.JsonMapper;

import dev.memstore.kernel.Ids;

import org.springframework.stereotype.Component;

/**
 * The body of a delivery, in the shape of the official SDKs' {@code BetaWebhookEvent}:
 * {@code {"type":"event","id":"event_…","created_at":…,"data":{"type":…,"id":…,
 * "workspace_id":…,"organization_id":…}}}. Thin, as the platform's: a receiver fetches
 * what changed by its id.
 */
@Component
class WebhookPayloads {

	static final String EVENT_ID_PREFIX = "event_";

	private final JsonMapper json;

	WebhookPayloads(JsonMapper json) {
		this.json = json;
	}

	/**
	 * A new event, with its id and the body every attempt at it sends.
	 */
	WebhookEventRepository.Draft draft(String type, String resourceId, String workspaceId, Instant createdAt) {
		String id = Ids.next(EVENT_ID_PREFIX);
		Payload payload = new Payload("event", id, createdAt,
				new Payload.Data(type, resourceId, workspaceId, WebhookService.ORGANIZATION_ID));
		return new WebhookEventRepository.Draft(id, type, this.json.writeValueAsString(payload));
	}

	@JsonPropertyOrder({ "type", "id", "created_at", "data" })
	record Payload(String type, String id, Instant createdAt, Data data) {

		@JsonPropertyOrder({ "type", "id", "workspace_id", "organization_id" })
		record Data(String type, String id, String workspaceId, String organizationId) {

		}

	}

}
