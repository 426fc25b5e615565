package dev.memstore.webhook;

/**
 * An endpoint's new signing secret, the answer to its regeneration, in the shape of the
 * official SDKs' {@code BetaOrganizationWebhookEndpointSigningSecret}: deliveries are
 * signed with it from now on, and the previous secret verifies none of them.
 */
public record WebhookSigningSecret(String signingSecret) {

}
