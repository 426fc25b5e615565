package dev.memstore.kernel;

import java.util.List;

/**
 * That something of a workspace changed, under the names webhooks give it
 * ({@code memory_store.created}, {@code session.status_idled}, …). The module that makes
 * the change publishes it as an application event inside the change's transaction, so
 * that whatever announces it commits, or rolls back, with the change; the module making
 * the change need not know who listens.
 *
 * @param resourceId the id of what changed: the store, agent, environment or session
 * @param types the event types the change is announced as, one or more
 */
public record WebhookEvent(String workspaceId, String resourceId, List<String> types) {

	public WebhookEvent {
		types = List.copyOf(types);
		if (types.isEmpty()) {
			throw new IllegalArgumentException("an event has at least one type");
		}
	}

	public static WebhookEvent of(String workspaceId, String resourceId, String... types) {
		return new WebhookEvent(workspaceId, resourceId, List.of(types));
	}

}
