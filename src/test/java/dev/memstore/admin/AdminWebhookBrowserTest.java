package dev.memstore.admin;

import java.time.Duration;
import java.util.List;

import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.memstore.support.RawApi;
import dev.memstore.support.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "Webhooks" section of a workspace in a real headless Chromium, with a real
 * receiver: registering an endpoint (its secret shown once), its deliveries with their
 * answers, a test event, redelivering an event under the same {@code webhook-id}, an
 * endpoint memstore disabled after its retry period and enabled again with what it
 * missed, replacing the secret and deleting the endpoint, each after a confirmation.
 */
class AdminWebhookBrowserTest extends AdminBrowserTestSupport {

	WebhookReceiver receiver;

	RawApi api;

	@BeforeEach
	void aReceiverAndASignedInAdmin() {
		this.receiver = new WebhookReceiver();
		this.api = new RawApi(this.port);
		this.browser.signInAsAdmin(this.port);
	}

	@AfterEach
	void closeReceiver() {
		this.receiver.close();
	}

	@Test
	void anEndpointRegisteredOnThePageShowsItsDeliveriesAndIsTestedRedeliveredAndDeleted() {
		this.driver.get(url(webhooksPath()));
		assertThat(main().getText()).contains("No endpoints yet");
		register(this.receiver.url(), "Orders", "memory_store.created");

		assertThat(notice()).isEqualTo("Registered the endpoint " + this.receiver.url() + ".");
		String secret = this.driver.findElement(By.cssSelector("#signing-secret code")).getText();
		assertThat(secret).startsWith("whsec_");
		String endpointId = this.driver.findElement(By.cssSelector("dl.facts code")).getText();
		assertThat(endpointId).startsWith("whep_");
		this.driver.navigate().refresh();
		assertThat(this.driver.findElements(By.id("signing-secret"))).as("the secret is shown once").isEmpty();

		String store = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Announced").build())
			.id();
		WebhookReceiver.Delivery created = this.receiver.awaitEvent("memory_store.created", store);
		assertThat(created.unwrap(secret).data().id()).isEqualTo(store);
		WebElement row = awaitDeliveryRow(created.webhookId(), "delivered");
		assertThat(row.getText()).contains("memory_store.created", "200");

		click(By.xpath("//button[normalize-space()='Send a test event']"));
		assertThat(notice()).startsWith("Sent the test event event_");
		WebhookReceiver.Delivery test = this.receiver
			.awaitFirst((delivery) -> delivery.dataType().equals("webhook_endpoint.test"), "the test event");
		assertThat(notice()).contains(test.webhookId());
		awaitDeliveryRow(test.webhookId(), "delivered");

		click(By.cssSelector("button[aria-label='Redeliver " + created.webhookId() + "']"));
		assertThat(notice()).isEqualTo("Delivering " + created.webhookId() + " again, with the same webhook-id.");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.receiver.received()
				.stream()
				.filter((delivery) -> delivery.webhookId().equals(created.webhookId()))
				.count() == 2);

		click(By.xpath("//button[normalize-space()='Disable']"));
		assertThat(notice()).isEqualTo("Disabled: events from now on are not delivered to this endpoint.");
		assertThat(state()).isEqualTo("disabled");
		assertThat(this.driver.findElements(By.xpath("//button[normalize-space()='Send a test event']"))).isEmpty();
		click(By.xpath("//button[normalize-space()='Enable']"));
		assertThat(state()).isEqualTo("enabled");
		assertThat(this.browser.seriousAccessibilityViolations()).isEmpty();
		this.browser.screenshot("admin-webhook");

		WebElement replace = this.driver
			.findElement(By.xpath("//button[normalize-space()='Replace the signing secret']"));
		assertThat(this.browser.openDialog(replace).getText()).contains("Replace the signing secret?");
		this.driver.findElement(By.cssSelector("#confirm-secret button.cancel")).click();
		this.browser.confirm(replace);
		String replaced = this.driver.findElement(By.cssSelector("#signing-secret code")).getText();
		assertThat(replaced).startsWith("whsec_").isNotEqualTo(secret);
		click(By.xpath("//button[normalize-space()='Send a test event']"));
		WebhookReceiver.Delivery signedAnew = this.receiver
			.awaitFirst((delivery) -> delivery.dataType().equals("webhook_endpoint.test")
					&& !delivery.webhookId().equals(test.webhookId()), "a second test event");
		assertThat(signedAnew.unwrap(replaced).data().id()).isEqualTo(endpointId);

		this.browser.confirm(this.driver.findElement(By.xpath("//button[normalize-space()='Delete']")));
		assertThat(notice()).isEqualTo("Deleted the endpoint " + this.receiver.url() + "; nothing more is sent to it.");
		assertThat(this.api.operator("GET", webhooksPath().replace("/admin", "/_memstore") + "/" + endpointId)
			.send()
			.status()).isEqualTo(404);
	}

	@Test
	void anEndpointMemstoreDisabledSaysWhyAndIsEnabledWithWhatItMissed() {
		this.receiver.answerAlways(500);
		this.driver.get(url(webhooksPath()));
		register(this.receiver.url(), "", "memory_store.created");
		String endpointPath = this.driver.getCurrentUrl();
		String store = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name("Missed").build())
			.id();
		this.receiver.awaitEvent("memory_store.created", store);

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			this.driver.get(endpointPath);
			return state().equals("disabled");
		});
		assertThat(this.driver.findElement(By.cssSelector(".disabled-reason")).getText())
			.contains("memstore.webhooks.retry-period");
		this.driver.get(url(webhooksPath()));
		assertThat(main().findElement(By.cssSelector("table.webhooks tbody tr")).getText()).contains("disabled",
				"memstore.webhooks.retry-period");
		this.driver.get(endpointPath);

		this.receiver.answerAlways(200);
		click(By.xpath("//button[normalize-space()='Enable and redeliver']"));
		assertThat(notice()).isEqualTo("Enabled, and delivering again the 1 event whose delivery had been given up.");
		assertThat(state()).isEqualTo("enabled");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.receiver.ofType("memory_store.created").stream().anyMatch((d) -> d.answered() == 200));
	}

	@Test
	void aRefusedEndpointSaysWhyAndKeepsWhatWasTyped() {
		this.driver.get(url(webhooksPath()));

		register("ftp://example.com/hooks", "Typo", "session.status_idled");

		assertThat(main().findElement(By.cssSelector("[role=alert]")).getText()).startsWith("Not registered: ")
			.contains("http");
		assertThat(this.driver.findElement(By.id("endpoint-url")).getAttribute("value"))
			.isEqualTo("ftp://example.com/hooks");
		assertThat(this.driver.findElement(By.id("endpoint-name")).getAttribute("value")).isEqualTo("Typo");
		assertThat(this.driver.findElement(By.cssSelector("input[value='session.status_idled']")).isSelected())
			.isTrue();
		assertThat(this.browser.seriousAccessibilityViolations()).as("the open form and its alert").isEmpty();
		this.browser.width(375);
		assertThat(((Number) this.driver
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
			.intValue()).as("the page is no wider than a phone").isLessThanOrEqualTo(0);
	}

	private void register(String url, String name, String... events) {
		WebElement form = this.driver.findElement(By.id("new-endpoint"));
		WebElement details = form.findElement(By.tagName("details"));
		if (details.getAttribute("open") == null) {
			details.findElement(By.tagName("summary")).click();
		}
		// type=url would stop an ftp URL in the browser; the server's answer is what is
		// tested.
		this.driver.executeScript("document.getElementById('endpoint-url').type = 'text'");
		for (List<String> field : List.of(List.of("endpoint-url", url), List.of("endpoint-name", name))) {
			WebElement input = this.driver.findElement(By.id(field.get(0)));
			input.clear();
			input.sendKeys(field.get(1));
		}
		for (String event : events) {
			this.driver.findElement(By.cssSelector("input[value='" + event + "']")).click();
		}
		click(By.xpath("//button[normalize-space()='Register the endpoint']"));
	}

	private WebElement awaitDeliveryRow(String eventId, String status) {
		String page = this.driver.getCurrentUrl().replaceAll("#.*$", "");
		return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
			this.driver.get(page);
			return this.driver.findElements(By.cssSelector("table.deliveries tbody tr"))
				.stream()
				.filter((row) -> row.getText().contains(eventId) && row.getText().contains(status))
				.findFirst()
				.orElse(null);
		}, (row) -> row != null);
	}

	private void click(By button) {
		this.browser.clickToNavigate(this.driver.findElement(button));
	}

	private WebElement main() {
		return this.driver.findElement(By.id("main"));
	}

	private String notice() {
		return this.driver.findElement(By.cssSelector("[role=status]")).getText();
	}

	private String state() {
		return this.driver.findElement(By.cssSelector(".endpoint-state")).getText();
	}

	private String webhooksPath() {
		return "/admin/workspaces/" + this.workspaceId + "/webhooks";
	}

}
