package dev.memstore.webhook;

import java.time.Instant;

/**
 * A delivery a worker claimed, with all an attempt needs: the endpoint's URL and current
 * secret, and the event's body.
 *
 * @param attempts the attempts made before this one
 * @param owedSince where the delivery's retry period began
 */
record DeliveryClaim(String endpointId, String eventId, String eventType, String url, String signingSecret, String body,
		int attempts, Instant owedSince) {

}
