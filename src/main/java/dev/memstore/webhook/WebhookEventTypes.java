package dev.memstore.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event types of the official SDKs' webhook payloads ({@code BetaWebhookEventData}):
 * those memstore sends, which an endpoint may subscribe to, and those it never sends,
 * with the reason, which a subscription is refused for.
 */
public final class WebhookEventTypes {

	/**
	 * The types memstore sends, in the order the operator API documents them.
	 */
	public static final List<String> SENT = List.of("memory_store.created", "memory_store.archived",
			"memory_store.deleted", "agent.created", "agent.updated", "agent.archived", "environment.created",
			"environment.updated", "environment.archived", "environment.deleted", "session.created", "session.updated",
			"session.archived", "session.deleted", "session.pending", "session.running", "session.idled",
			"session.requires_action", "session.status_run_started", "session.status_idled",
			"session.status_rescheduled", "session.status_terminated");

	/**
	 * The type of the event {@link WebhookService#sendTestEvent} sends: no resource
	 * changed, so it is none of the SDK's, and an endpoint gets it whatever it subscribes
	 * to.
	 */
	public static final String TEST = "webhook_endpoint.test";

	private static final Map<String, String> NEVER_SENT = neverSent();

	private WebhookEventTypes() {
	}

	/**
	 * Why memstore never sends a type of the SDK's, or {@code null} when the type is not
	 * one of the SDK's that memstore leaves out.
	 */
	static String whyNeverSent(String type) {
		return NEVER_SENT.get(type);
	}

	private static Map<String, String> neverSent() {
		Map<String, String> never = new LinkedHashMap<>();
		never.put("agent.deleted", "no API deletes an agent (agents are archived)");
		never.put("session.budget_reached", "memstore keeps a session's budget but does not enforce it");
		never.put("session.outcome_evaluation_ended", "memstore does not run outcomes");
		for (String thread : List.of("session.thread_created", "session.thread_idled", "session.thread_terminated")) {
			never.put(thread, "memstore does not run multiagent threads");
		}
		for (String vault : List.of("vault.created", "vault.archived", "vault.deleted", "vault_credential.created",
				"vault_credential.archived", "vault_credential.deleted", "vault_credential.refresh_failed")) {
			never.put(vault, "memstore does not serve vaults");
		}
		for (String deployment : List.of("deployment.created", "deployment.updated", "deployment.paused",
				"deployment.unpaused", "deployment.archived", "deployment.deleted", "deployment_run.started",
				"deployment_run.succeeded", "deployment_run.failed")) {
			never.put(deployment, "memstore does not serve deployments");
		}
		for (String organization : List.of("user_profile.enforcement_action_opened",
				"user_profile.enforcement_action_resolved", "user_profile.program_status_updated",
				"external_key.failed", "external_key.recovered", "external_storage.failed",
				"external_storage.recovered")) {
			never.put(organization, "it is an organization event, of a kind memstore has no cause for");
		}
		return Map.copyOf(never);
	}

}
