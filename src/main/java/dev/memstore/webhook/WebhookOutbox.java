package dev.memstore.webhook;

import java.time.Instant;
import java.util.List;

import dev.memstore.kernel.Timestamps;
import dev.memstore.kernel.WebhookEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes what a change announces into the outbox, inside the change's own transaction:
 * the change and its events commit together or not at all. A change that no enabled
 * endpoint of its workspace subscribes to costs one statement and writes nothing.
 */
@Component
class WebhookOutbox {

	private final WebhookEventRepository events;

	private final WebhookPayloads payloads;

	private final ApplicationEventPublisher publisher;

	WebhookOutbox(WebhookEventRepository events, WebhookPayloads payloads, ApplicationEventPublisher publisher) {
		this.events = events;
		this.payloads = payloads;
		this.publisher = publisher;
	}

	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void record(WebhookEvent event) {
		Instant now = Timestamps.now();
		List<WebhookEventRepository.Draft> drafts = event.types()
			.stream()
			.map((type) -> this.payloads.draft(type, event.resourceId(), event.workspaceId(), now))
			.toList();
		if (this.events.writeIfSubscribed(event.workspaceId(), event.resourceId(), drafts, now) > 0) {
			this.publisher.publishEvent(new DeliveriesQueued());
		}
	}

	/**
	 * Published when deliveries were written, so that this instance's dispatcher sends
	 * them as soon as they commit.
	 */
	record DeliveriesQueued() {

	}

}
