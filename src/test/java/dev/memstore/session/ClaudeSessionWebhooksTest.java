package dev.memstore.session;

import java.time.Duration;

import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.webhooks.UnwrapWebhookEvent;
import org.junit.jupiter.api.Test;

import dev.memstore.support.FakeMessagesApi;
import dev.memstore.support.RawApi;
import dev.memstore.support.WebhookReceiver;
import dev.memstore.webhook.WebhookService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A turn on Claude that the Messages API asks to wait is announced to webhooks as
 * {@code session.status_rescheduled}, then {@code session.status_run_started} again, as
 * its stream shows {@code session.status_rescheduled} and {@code session.status_running}.
 */
class ClaudeSessionWebhooksTest extends ClaudeSessionTestSupport {

	@Test
	void aTurnTheModelAsksToWaitIsAnnouncedAsRescheduled() {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			RawApi.Response endpoint = this.api
				.operator("POST", "/_memstore/workspaces/" + this.workspace.id() + "/webhooks")
				.json("{\"url\":\"" + receiver.url() + "\",\"enabled_events\":[\"session.status_rescheduled\","
						+ "\"session.status_run_started\",\"session.idled\"]}")
				.send();
			assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
			String secret = endpoint.json().path("signing_secret").asString();
			BetaManagedAgentsSession session = newSession();
			this.claude.answer(FakeMessagesApi.error(529, "overloaded_error", "Overloaded"),
					this.claude.text("Done after a wait."));

			send(session.id(), "Hello.");

			receiver.awaitEvent("session.idled", session.id());
			UnwrapWebhookEvent rescheduled = receiver.awaitEvent("session.status_rescheduled", session.id())
				.unwrap(secret)
				.validate();
			assertThat(rescheduled.data().isSessionStatusRescheduled()).isTrue();
			assertThat(rescheduled.data().workspaceId()).contains(this.workspace.id());
			assertThat(rescheduled.data().organizationId()).isEqualTo(WebhookService.ORGANIZATION_ID);
			await().alias("it ran, waited, and ran again")
				.atMost(Duration.ofSeconds(30))
				.until(() -> receiver.ofType("session.status_run_started").size() == 2);
			assertThat(receiver.received()).extracting(WebhookReceiver.Delivery::dataType)
				.containsOnly("session.status_rescheduled", "session.status_run_started", "session.idled");
		}
	}

}
