package dev.memstore.admin;

import java.util.List;

import dev.memstore.kernel.ApiException;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.webhook.NewWebhookEndpoint;
import dev.memstore.webhook.WebhookDelivery;
import dev.memstore.webhook.WebhookEndpoint;
import dev.memstore.webhook.WebhookEndpointCreateRequest;
import dev.memstore.webhook.WebhookEndpointUpdateRequest;
import dev.memstore.webhook.WebhookEventTypes;
import dev.memstore.webhook.WebhookService;
import dev.memstore.workspace.WorkspaceService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A workspace's webhook endpoints on the admin page, through the service the operator API
 * uses: the list and a new endpoint (its signing secret shown once), and an endpoint's
 * page with its recent deliveries and what an operator does about them: redeliver an
 * event, send a test event, disable or enable it (enabling one memstore disabled also
 * redelivers what it gave up on), replace its secret, delete it.
 */
@Controller
@RequestMapping(AdminSecurityConfiguration.ROOT + "/workspaces/{workspaceId}/webhooks")
class AdminWebhookController {

	private static final int PAGE_SIZE = 25;

	private final WorkspaceService workspaces;

	private final WebhookService webhooks;

	AdminWebhookController(WorkspaceService workspaces, WebhookService webhooks) {
		this.workspaces = workspaces;
		this.webhooks = webhooks;
	}

	@GetMapping
	String endpoints(@PathVariable String workspaceId, @RequestParam(required = false) String page, Model model) {
		workspaceModel(workspaceId, model);
		ListPage<WebhookEndpoint> endpoints = this.webhooks.list(workspaceId, new PageParams(PAGE_SIZE, page));
		model.addAttribute("endpoints", endpoints.data());
		AdminWorkspaceController.listModel(null, page, endpoints.nextPage(), model);
		model.addAttribute("eventTypes", WebhookEventTypes.SENT);
		return "admin/webhooks";
	}

	@PostMapping
	String create(@PathVariable String workspaceId, @ModelAttribute EndpointForm form, RedirectAttributes redirect) {
		try {
			NewWebhookEndpoint created = this.webhooks.create(workspaceId, form.toRequest());
			redirect.addFlashAttribute("notice", "Registered the endpoint " + created.url() + ".");
			redirect.addFlashAttribute("signingSecret", created.signingSecret());
			return endpointPage(workspaceId, created.id());
		}
		catch (ApiException ex) {
			// The form comes back as it was sent, with the reason.
			redirect.addFlashAttribute("endpointError", ex.getMessage());
			redirect.addFlashAttribute("endpointForm", form);
			return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/webhooks";
		}
	}

	@GetMapping("/{endpointId}")
	String endpoint(@PathVariable String workspaceId, @PathVariable String endpointId,
			@RequestParam(required = false) String page, Model model) {
		workspaceModel(workspaceId, model);
		model.addAttribute("endpoint", this.webhooks.get(workspaceId, endpointId));
		ListPage<WebhookDelivery> deliveries = this.webhooks.deliveries(workspaceId, endpointId,
				new PageParams(PAGE_SIZE, page));
		model.addAttribute("deliveries", deliveries.data());
		AdminWorkspaceController.listModel(
				AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/webhooks/" + endpointId, null, page,
				deliveries.nextPage(), model);
		return "admin/webhook";
	}

	@PostMapping("/{endpointId}/test")
	String sendTestEvent(@PathVariable String workspaceId, @PathVariable String endpointId,
			RedirectAttributes redirect) {
		return act(workspaceId, endpointId, redirect, () -> "Sent the test event "
				+ this.webhooks.sendTestEvent(workspaceId, endpointId) + "; its delivery appears below.");
	}

	@PostMapping("/{endpointId}/deliveries/{eventId}/redeliver")
	String redeliver(@PathVariable String workspaceId, @PathVariable String endpointId, @PathVariable String eventId,
			RedirectAttributes redirect) {
		return act(workspaceId, endpointId, redirect, () -> {
			this.webhooks.redeliver(workspaceId, endpointId, eventId);
			return "Delivering " + eventId + " again, with the same webhook-id.";
		});
	}

	@PostMapping("/{endpointId}/state")
	String changeState(@PathVariable String workspaceId, @PathVariable String endpointId, @RequestParam String state,
			RedirectAttributes redirect) {
		return act(workspaceId, endpointId, redirect, () -> {
			boolean givenUp = !this.webhooks.get(workspaceId, endpointId).disabledReason().isEmpty();
			WebhookEndpoint changed = this.webhooks.update(workspaceId, endpointId,
					new WebhookEndpointUpdateRequest(null, null, null, null, state));
			if (!changed.isEnabled()) {
				return "Disabled: events from now on are not delivered to this endpoint.";
			}
			if (!givenUp) {
				return "Enabled: events from now on are delivered again.";
			}
			int redelivered = this.webhooks.redeliverFailed(workspaceId, endpointId);
			return "Enabled, and delivering again the " + redelivered + " event" + ((redelivered == 1) ? "" : "s")
					+ " whose delivery had been given up.";
		});
	}

	@PostMapping("/{endpointId}/signing_secret")
	String regenerateSigningSecret(@PathVariable String workspaceId, @PathVariable String endpointId,
			RedirectAttributes redirect) {
		return act(workspaceId, endpointId, redirect, () -> {
			redirect.addFlashAttribute("signingSecret",
					this.webhooks.regenerateSigningSecret(workspaceId, endpointId).signingSecret());
			return "Replaced the signing secret: the old one verifies no delivery from now on.";
		});
	}

	@PostMapping("/{endpointId}/delete")
	String delete(@PathVariable String workspaceId, @PathVariable String endpointId, RedirectAttributes redirect) {
		WebhookEndpoint endpoint = this.webhooks.get(workspaceId, endpointId);
		this.webhooks.delete(workspaceId, endpointId);
		redirect.addFlashAttribute("notice",
				"Deleted the endpoint " + endpoint.url() + "; nothing more is sent to it.");
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/webhooks";
	}

	/**
	 * Runs an action on an endpoint and comes back to its page with what happened, or why
	 * it was refused (a disabled endpoint gets no test event, say).
	 */
	private static String act(String workspaceId, String endpointId, RedirectAttributes redirect, Action action) {
		try {
			redirect.addFlashAttribute("notice", action.run());
		}
		catch (ApiException ex) {
			redirect.addFlashAttribute("refusal", ex.getMessage());
		}
		return endpointPage(workspaceId, endpointId);
	}

	private static String endpointPage(String workspaceId, String endpointId) {
		return "redirect:" + AdminSecurityConfiguration.ROOT + "/workspaces/" + workspaceId + "/webhooks/" + endpointId;
	}

	private void workspaceModel(String workspaceId, Model model) {
		model.addAttribute("workspaceId", workspaceId);
		model.addAttribute("workspace", this.workspaces.getWorkspace(workspaceId));
		model.addAttribute("section", "webhooks");
	}

	@FunctionalInterface
	private interface Action {

		String run();

	}

	/**
	 * The new-endpoint form.
	 *
	 * @param events the ticked event types (an unticked box is not sent)
	 */
	record EndpointForm(String url, String name, String description, List<String> events) {

		WebhookEndpointCreateRequest toRequest() {
			return new WebhookEndpointCreateRequest(this.url, (this.events != null) ? this.events : List.of(),
					blankAsNull(this.name), blankAsNull(this.description));
		}

		private static String blankAsNull(String text) {
			return (text == null || text.isBlank()) ? null : text;
		}

	}

}
