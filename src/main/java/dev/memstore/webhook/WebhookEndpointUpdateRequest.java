package dev.memstore.webhook;

import java.util.List;

/**
 * The body of an endpoint's update, as the official SDKs' {@code WebhookUpdateParams}:
 * only the fields sent change (a field sent as {@code null} counts as not sent).
 *
 * @param enabledEvents replaces the whole set; an empty list leaves it as it is
 * @param state {@code disabled} stops deliveries; {@code enabled} resumes them (what the
 * endpoint was still owed when it was disabled is delivered, with a fresh retry period)
 * and clears {@code disabled_reason}
 */
public record WebhookEndpointUpdateRequest(String url, List<String> enabledEvents, String name, String description,
		String state) {

}
