package dev.memstore.webhook;

import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A workspace's webhook endpoints in the operator API, guarded by the admin key like the
 * rest of {@code /_memstore}; the routes and bodies of the official SDKs' organization
 * webhooks, under the workspace.
 */
@RestController
@RequestMapping("/_memstore/workspaces/{workspace_id}/webhooks")
class WebhookController {

	private final WebhookService webhooks;

	WebhookController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	@PostMapping
	NewWebhookEndpoint create(@PathVariable("workspace_id") String workspaceId,
			@RequestBody WebhookEndpointCreateRequest body) {
		return this.webhooks.create(workspaceId, body);
	}

	@GetMapping
	ListPage<WebhookEndpoint> list(@PathVariable("workspace_id") String workspaceId, PageParams page) {
		return this.webhooks.list(workspaceId, page);
	}

	@GetMapping("/{webhook_endpoint_id}")
	WebhookEndpoint retrieve(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("webhook_endpoint_id") String endpointId) {
		return this.webhooks.get(workspaceId, endpointId);
	}

	@PostMapping("/{webhook_endpoint_id}")
	WebhookEndpoint update(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("webhook_endpoint_id") String endpointId, @RequestBody WebhookEndpointUpdateRequest body) {
		return this.webhooks.update(workspaceId, endpointId, body);
	}

	@DeleteMapping("/{webhook_endpoint_id}")
	WebhookEndpointDeleted delete(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("webhook_endpoint_id") String endpointId) {
		return this.webhooks.delete(workspaceId, endpointId);
	}

	@PostMapping("/{webhook_endpoint_id}/regenerate_signing_secret")
	WebhookSigningSecret regenerateSigningSecret(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("webhook_endpoint_id") String endpointId) {
		return this.webhooks.regenerateSigningSecret(workspaceId, endpointId);
	}

	@GetMapping("/{webhook_endpoint_id}/deliveries")
	ListPage<WebhookDelivery> deliveries(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("webhook_endpoint_id") String endpointId, PageParams page) {
		return this.webhooks.deliveries(workspaceId, endpointId, page);
	}

}
