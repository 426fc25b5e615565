package dev.memstore.admin;

import java.time.Duration;
import java.util.List;

import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import dev.memstore.support.RawApi;
import dev.memstore.support.SessionFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "Scheduled dreams" section of a store's page in a real headless Chromium, at a
 * laptop's and a phone's width: a schedule made with the form, its runs (next, last, the
 * result, a link to the last dream), a refused form that keeps what was typed, and
 * deleting a schedule, which asks first.
 */
class AdminDreamScheduleBrowserTest extends AdminBrowserTestSupport {

	String storeId;

	RawApi api;

	@BeforeEach
	void aStoreAndASignedInAdmin() {
		this.storeId = newStore("Support notes", "/notes/shipping.md", "Ships on Mondays.\n");
		this.api = new RawApi(this.port);
		this.browser.signInAsAdmin(this.port);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1280, 375 })
	void aScheduleMadeWithTheFormRunsShowsItsLastDreamAndIsDeletedAfterAConfirmation(int width) {
		this.browser.width(width);
		this.driver.get(url(storePath()));
		assertThat(section().getText()).contains("Scheduled dreams", "None yet.");

		fillAndSubmit("Nightly consolidation", "0 3 * * *", "Europe/Paris", "memstore-offline");

		assertThat(this.driver.findElement(By.cssSelector("[role=status]")).getText())
			.startsWith("Scheduled dreams on 0 3 * * * (Europe/Paris); the next runs at ");
		WebElement row = this.driver.findElement(By.cssSelector("table.schedules tbody tr"));
		String scheduleId = row.getAttribute("id");
		assertThat(scheduleId).startsWith("drmsch_");
		assertThat(row.getText()).contains("Nightly consolidation", "0 3 * * *", "Europe/Paris", "never");

		String dreamId = runOnce(scheduleId);
		// The form left the page at #schedules: a load without the fragment reads it
		// anew.
		this.driver.get(url(storePath()));
		row = this.driver.findElement(By.id(scheduleId));
		WebElement lastDream = row.findElement(By.cssSelector("a[href$='/dreams/" + dreamId + "']"));
		assertThat(lastDream.getAttribute("href"))
			.endsWith("/admin/workspaces/" + this.workspaceId + "/dreams/" + dreamId);
		assertThat(lastDream.getAttribute("textContent")).isEqualTo(dreamId);
		assertThat(row.findElement(By.cssSelector(".last-result")).getText()).isNotEmpty();
		assertThat(row.getText()).doesNotContain("never");
		if (width == 1280) {
			assertThat(this.browser.seriousAccessibilityViolations()).isEmpty();
		}
		assertThat(((Number) this.driver
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
			.intValue()).as("the page is no wider than the window").isLessThanOrEqualTo(0);
		this.driver.executeScript("document.getElementById('schedules').scrollIntoView()");
		this.browser.screenshot("admin-store-schedules-" + width);

		WebElement delete = row.findElement(By.cssSelector("button[aria-label='Delete schedule " + scheduleId + "']"));
		WebElement dialog = this.browser.openDialog(delete);
		assertThat(dialog.getText()).contains("Delete the schedule Nightly consolidation?",
				"The dreams it created, and the stores they wrote, are kept.");
		dialog.findElement(By.cssSelector("button.cancel")).click();
		assertThat(operator("GET", schedulePath(scheduleId), null).status()).as("cancelled: still there")
			.isEqualTo(200);
		this.browser.confirm(delete);

		assertThat(this.driver.findElement(By.cssSelector("[role=status]")).getText())
			.isEqualTo("Deleted the schedule " + scheduleId + "; the dreams it created are kept.");
		assertThat(section().getText()).contains("None yet.");
		assertThat(operator("GET", schedulePath(scheduleId), null).status()).isEqualTo(404);
	}

	@Test
	void aRefusedScheduleSaysWhyAndKeepsWhatWasTyped() {
		this.driver.get(url(storePath()));

		fillAndSubmit("Typo", "0 3 * *", "", "memstore-offline");

		assertThat(section().findElement(By.cssSelector("[role=alert]")).getText())
			.startsWith("Not scheduled: cron must be 5 fields");
		assertThat(this.driver.findElement(By.id("schedule-cron")).getAttribute("value")).isEqualTo("0 3 * *");
		assertThat(this.driver.findElement(By.id("schedule-name")).getAttribute("value")).isEqualTo("Typo");
		assertThat(this.driver.findElement(By.id("schedule-model")).getAttribute("value"))
			.isEqualTo("memstore-offline");
		assertThat(section().getText()).contains("None yet.");
		assertThat(this.browser.seriousAccessibilityViolations()).as("the open form and its alert").isEmpty();
	}

	/**
	 * Makes the schedule due every second until it created a dream from a session that
	 * mounted the store, then puts its cron back.
	 * @return the dream
	 */
	private String runOnce(String scheduleId) {
		String environmentId = SessionFixtures.environment(this.client, "Sandbox");
		String agentId = SessionFixtures.agentWithToolset(this.client, "Note taker", "memstore-offline");
		this.client.beta()
			.sessions()
			.create(com.anthropic.models.beta.sessions.SessionCreateParams.builder()
				.agent(agentId)
				.environmentId(environmentId)
				.addResource(BetaManagedAgentsMemoryStoreResourceParam.builder()
					.type(com.anthropic.core.JsonValue.from("memory_store"))
					.memoryStoreId(this.storeId)
					.access(BetaManagedAgentsMemoryStoreResourceParam.Access.READ_ONLY)
					.build())
				.build());
		assertThat(operator("POST", schedulePath(scheduleId), "{\"cron\":\"* * * * * *\"}").status()).isEqualTo(200);
		String dreamId = await().atMost(Duration.ofSeconds(20))
			.until(() -> operator("GET", schedulePath(scheduleId), null).json().path("last_dream_id").asString(""),
					(id) -> !id.isEmpty());
		JsonNode back = operator("POST", schedulePath(scheduleId), "{\"cron\":\"0 3 * * *\"}").json();
		assertThat(back.path("cron").asString()).isEqualTo("0 3 * * *");
		return dreamId;
	}

	private void fillAndSubmit(String name, String cron, String zone, String model) {
		WebElement section = section();
		section.findElement(By.tagName("summary")).click();
		for (List<String> field : List.of(List.of("schedule-name", name), List.of("schedule-cron", cron),
				List.of("schedule-zone", zone), List.of("schedule-model", model))) {
			WebElement input = this.driver.findElement(By.id(field.get(0)));
			input.clear();
			input.sendKeys(field.get(1));
		}
		this.driver.findElement(By.id("schedule-instructions")).sendKeys("Merge duplicates; keep it short.");
		this.browser.clickToNavigate(section.findElement(By.xpath(".//button[text()='Schedule']")));
	}

	private WebElement section() {
		return this.driver.findElement(By.id("schedules"));
	}

	private RawApi.Response operator(String method, String path, String json) {
		RawApi.Request request = this.api.operator(method, path);
		return ((json != null) ? request.json(json) : request).send();
	}

	private String schedulePath(String scheduleId) {
		return "/_memstore/workspaces/" + this.workspaceId + "/dream_schedules/" + scheduleId;
	}

	private String storePath() {
		return "/admin/workspaces/" + this.workspaceId + "/stores/" + this.storeId;
	}

}
