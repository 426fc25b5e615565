package dev.memstore.webhook;

import java.util.List;

/**
 * The body of an endpoint's creation, as the official SDKs' {@code WebhookCreateParams}.
 *
 * @param url {@code http} or {@code https} (only {@code https} to a public address when
 * {@code memstore.webhooks.require-public-https} is set)
 * @param enabledEvents at least one of {@link WebhookEventTypes#SENT}
 * @param name optional, 255 characters at most
 * @param description optional, 1,024 characters at most
 */
public record WebhookEndpointCreateRequest(String url, List<String> enabledEvents, String name, String description) {

}
