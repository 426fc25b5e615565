package dev.memstore.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.Ids;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageCursor;
import dev.memstore.kernel.PageParams;
import dev.memstore.kernel.TextRules;
import dev.memstore.kernel.Timestamps;
import dev.memstore.kernel.WorkspaceQuota;
import dev.memstore.workspace.WorkspaceService;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook endpoints of a workspace, managed by the operator, and what was delivered
 * to them. Every method takes the workspace: an endpoint of another workspace is
 * indistinguishable from one that does not exist.
 */
@Service
@Transactional
public class WebhookService {

	/**
	 * The {@code organization_id} of every event: memstore has one organization, with no
	 * id of its own, so it is the nil UUID.
	 */
	public static final String ORGANIZATION_ID = "00000000-0000-0000-0000-000000000000";

	static final String ID_PREFIX = "whep_";

	static final int MAX_NAME_LENGTH = 255;

	static final int MAX_DESCRIPTION_LENGTH = 1024;

	private final WebhookEndpointRepository endpoints;

	private final WebhookDeliveryRepository deliveries;

	private final WebhookEventRepository events;

	private final WebhookPayloads payloads;

	private final WorkspaceService workspaces;

	private final WorkspaceQuota quota;

	private final WebhookProperties properties;

	private final ApplicationEventPublisher publisher;

	WebhookService(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries,
			WebhookEventRepository events, WebhookPayloads payloads, WorkspaceService workspaces, WorkspaceQuota quota,
			WebhookProperties properties, ApplicationEventPublisher publisher) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.events = events;
		this.payloads = payloads;
		this.workspaces = workspaces;
		this.quota = quota;
		this.properties = properties;
		this.publisher = publisher;
	}

	/**
	 * Registers an endpoint, enabled, with a new signing secret, which only this answer
	 * and a regeneration show.
	 */
	public NewWebhookEndpoint create(String workspaceId, WebhookEndpointCreateRequest request) {
		String url = WebhookUrls.requireValid(request.url(), this.properties.requirePublicHttps());
		if (request.enabledEvents() == null) {
			throw ApiException.invalidRequest("enabled_events is required: the event types to deliver");
		}
		List<String> enabledEvents = validEventTypes(request.enabledEvents());
		String name = validName((request.name() != null) ? request.name() : "");
		String description = validDescription((request.description() != null) ? request.description() : "");
		this.workspaces.getWorkspace(workspaceId);
		this.quota.requireRoom(workspaceId, "webhook endpoints", this.properties.endpointsPerWorkspace(),
				"memstore.webhooks.endpoints-per-workspace", () -> this.endpoints.countIn(workspaceId));
		Instant now = Timestamps.now();
		String secret = WebhookSigner.newSecret();
		WebhookEndpointRow endpoint = new WebhookEndpointRow(Ids.next(ID_PREFIX), workspaceId, name, description, url,
				enabledEvents, WebhookEndpoint.ENABLED, "", secret, null, now, now);
		this.endpoints.insert(endpoint);
		return NewWebhookEndpoint.of(endpoint.toEndpoint(), secret);
	}

	/**
	 * A workspace's endpoints, newest first, without their secrets.
	 */
	@Transactional(readOnly = true)
	public ListPage<WebhookEndpoint> list(String workspaceId, PageParams page) {
		this.workspaces.getWorkspace(workspaceId);
		String scope = "webhook_endpoints|" + workspaceId;
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		return ListPage.of(this.endpoints.list(workspaceId, after, page.limit()), page.limit(),
				WebhookEndpointRow::toEndpoint,
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
	}

	@Transactional(readOnly = true)
	public WebhookEndpoint get(String workspaceId, String endpointId) {
		return owned(workspaceId, endpointId, false).toEndpoint();
	}

	/**
	 * Changes the fields sent. Disabling stops deliveries: events that happen while the
	 * endpoint is disabled are never delivered to it, and what it was still owed waits.
	 * Enabling clears {@code disabled_reason} and resumes what it was still owed, each
	 * with a fresh retry period.
	 */
	public WebhookEndpoint update(String workspaceId, String endpointId, WebhookEndpointUpdateRequest request) {
		String url = (request.url() != null)
				? WebhookUrls.requireValid(request.url(), this.properties.requirePublicHttps()) : null;
		List<String> enabledEvents = (request.enabledEvents() != null && !request.enabledEvents().isEmpty())
				? validEventTypes(request.enabledEvents()) : null;
		String name = (request.name() != null) ? validName(request.name()) : null;
		String description = (request.description() != null) ? validDescription(request.description()) : null;
		String state = (request.state() != null) ? validState(request.state()) : null;
		WebhookEndpointRow current = owned(workspaceId, endpointId, true);
		String nextState = (state != null) ? state : current.state();
		String disabledReason = nextState.equals(current.state()) ? current.disabledReason() : "";
		Instant now = Timestamps.now();
		WebhookEndpointRow updated = current.updated((url != null) ? url : current.url(),
				(enabledEvents != null) ? enabledEvents : current.enabledEvents(),
				(name != null) ? name : current.name(), (description != null) ? description : current.description(),
				nextState, disabledReason, now);
		if (updated != current) {
			this.endpoints.update(updated);
		}
		if (!current.isEnabled() && updated.isEnabled()) {
			this.deliveries.resumePending(endpointId, now);
			this.publisher.publishEvent(new WebhookOutbox.DeliveriesQueued());
		}
		return updated.toEndpoint();
	}

	/**
	 * Deletes an endpoint with what it was owed and its attempts: nothing more is sent to
	 * it, not even an attempt under way's retry.
	 */
	public WebhookEndpointDeleted delete(String workspaceId, String endpointId) {
		if (!Ids.isWellFormed(endpointId, ID_PREFIX) || this.endpoints.delete(workspaceId, endpointId) == 0) {
			throw notFound(endpointId);
		}
		return WebhookEndpointDeleted.of(endpointId);
	}

	/**
	 * Replaces the endpoint's signing secret: every attempt from now on is signed with
	 * the new one, and the old one verifies none of them.
	 */
	public WebhookSigningSecret regenerateSigningSecret(String workspaceId, String endpointId) {
		WebhookEndpointRow current = owned(workspaceId, endpointId, true);
		String secret = WebhookSigner.newSecret();
		this.endpoints.update(current.withSigningSecret(secret, Timestamps.now()));
		return new WebhookSigningSecret(secret);
	}

	/**
	 * The attempts at delivering events to an endpoint, newest first, as long as their
	 * events are kept ({@code memstore.webhooks.retention}).
	 */
	@Transactional(readOnly = true)
	public ListPage<WebhookDelivery> deliveries(String workspaceId, String endpointId, PageParams page) {
		owned(workspaceId, endpointId, false);
		String scope = "webhook_deliveries|" + endpointId;
		List<String> after = (page.page() != null) ? PageCursor.decode(page.page(), scope, 2) : null;
		return ListPage.of(this.deliveries.attempts(endpointId, after, page.limit()), page.limit(), (row) -> row,
				(last) -> PageCursor.encode(scope, List.of(last.createdAt().toString(), last.id())));
	}

	/**
	 * Delivers an event to an endpoint again, whatever its delivery came to, with a fresh
	 * retry period and the same {@code webhook-id}.
	 * @throws ApiException 404 when the event was never owed to the endpoint or is no
	 * longer kept; 400 when the endpoint is disabled
	 */
	public void redeliver(String workspaceId, String endpointId, String eventId) {
		requireEnabled(owned(workspaceId, endpointId, true), "redelivered to");
		if (!Ids.isWellFormed(eventId, WebhookPayloads.EVENT_ID_PREFIX)
				|| !this.deliveries.owedAgain(endpointId, eventId, Timestamps.now())) {
			throw ApiException.notFound("no event " + eventId + " was delivered to webhook endpoint " + endpointId
					+ " (events are kept for memstore.webhooks.retention)");
		}
		this.publisher.publishEvent(new WebhookOutbox.DeliveriesQueued());
	}

	/**
	 * Delivers again every event whose delivery to the endpoint was given up, as after an
	 * outage that disabled it, each with a fresh retry period.
	 * @return how many events are delivered again
	 * @throws ApiException 400 when the endpoint is disabled
	 */
	public int redeliverFailed(String workspaceId, String endpointId) {
		requireEnabled(owned(workspaceId, endpointId, true), "redelivered to");
		int owed = this.deliveries.failedOwedAgain(endpointId, Timestamps.now());
		if (owed > 0) {
			this.publisher.publishEvent(new WebhookOutbox.DeliveriesQueued());
		}
		return owed;
	}

	/**
	 * Sends the endpoint an event of type {@link WebhookEventTypes#TEST}, signed and
	 * retried like any other, whatever the endpoint subscribes to.
	 * @return the test event's id, its {@code webhook-id}
	 * @throws ApiException 400 when the endpoint is disabled
	 */
	public String sendTestEvent(String workspaceId, String endpointId) {
		WebhookEndpointRow endpoint = owned(workspaceId, endpointId, true);
		requireEnabled(endpoint, "sent a test event");
		Instant now = Timestamps.now();
		WebhookEventRepository.Draft test = this.payloads.draft(WebhookEventTypes.TEST, endpointId, workspaceId, now);
		this.events.writeFor(endpointId, workspaceId, endpointId, test, now);
		this.publisher.publishEvent(new WebhookOutbox.DeliveriesQueued());
		return test.id();
	}

	private WebhookEndpointRow owned(String workspaceId, String endpointId, boolean lock) {
		if (!Ids.isWellFormed(endpointId, ID_PREFIX)) {
			throw notFound(endpointId);
		}
		return this.endpoints.find(workspaceId, endpointId, lock).orElseThrow(() -> notFound(endpointId));
	}

	private static void requireEnabled(WebhookEndpointRow endpoint, String action) {
		if (!endpoint.isEnabled()) {
			throw ApiException.invalidRequest("webhook endpoint " + endpoint.id() + " is disabled and cannot be "
					+ action + "; enable it first (state: enabled)");
		}
	}

	private static ApiException notFound(String endpointId) {
		return ApiException.notFound("no webhook endpoint " + endpointId);
	}

	/**
	 * The event types as given, each once, in their first order.
	 */
	private static List<String> validEventTypes(List<String> types) {
		if (types.isEmpty()) {
			throw ApiException.invalidRequest("enabled_events must list at least one event type");
		}
		LinkedHashSet<String> valid = new LinkedHashSet<>();
		for (int i = 0; i < types.size(); i++) {
			String type = types.get(i);
			String field = "enabled_events[" + i + "]";
			if (type == null) {
				throw ApiException.invalidRequest(field + " must be an event type, got null");
			}
			TextRules.requireValidText(field, type);
			if (!WebhookEventTypes.SENT.contains(type)) {
				String never = WebhookEventTypes.whyNeverSent(type);
				throw ApiException
					.invalidRequest((never != null) ? field + " is " + type + ", which memstore never sends: " + never
							: field + " is '" + type + "', not an event type memstore sends; it sends "
									+ String.join(", ", WebhookEventTypes.SENT));
			}
			valid.add(type);
		}
		return List.copyOf(new ArrayList<>(valid));
	}

	private static String validName(String name) {
		if (!name.isEmpty()) {
			TextRules.requireName("name", name, MAX_NAME_LENGTH);
		}
		return name;
	}

	private static String validDescription(String description) {
		TextRules.requireValidText("description", description);
		TextRules.requireLength("description", description, 0, MAX_DESCRIPTION_LENGTH);
		return description;
	}

	private static String validState(String state) {
		if (!WebhookEndpoint.ENABLED.equals(state) && !WebhookEndpoint.DISABLED.equals(state)) {
			throw ApiException.invalidRequest("state must be enabled or disabled, got '" + state + "'");
		}
		return state;
	}

}
