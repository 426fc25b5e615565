package dev.memstore.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.environments.BetaSelfHostedConfigParams;
import com.anthropic.models.beta.environments.EnvironmentCreateParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.json.JsonMapper;

import dev.memstore.support.RawApi;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A self-hosted environment's page in a real headless Chromium: a key issued on the page
 * (its secret shown once) lets a worker poll, the worker and the item it took show up in
 * the queue and on the session's page, whose transcript shows a call waiting for the
 * worker and then the worker's result, and a key revoked after a confirmation is refused.
 */
class AdminSelfHostedBrowserTest extends AdminBrowserTestSupport {

	RawApi api;

	@BeforeEach
	void signedInAdmin() {
		this.api = new RawApi(this.port);
		this.browser.signInAsAdmin(this.port);
	}

	@Test
	void aKeyIssuedOnThePageLetsAWorkerTakeTheSessionAndTheQueueShowsWhichWorkerRunsIt() {
		String environmentId = this.client.beta()
			.environments()
			.create(EnvironmentCreateParams.builder()
				.name("Build farm")
				.config(BetaSelfHostedConfigParams.builder().type(JsonValue.from("self_hosted")).build())
				.build())
			.id();
		String storeId = newStore("Build notes");
		String agentId = SessionFixtures.agentWithToolset(this.client, "Builder", "memstore-offline");
		String sessionId = SessionFixtures.sessionMounting(this.client, agentId, environmentId, storeId);

		this.driver.get(url(environmentPath(environmentId)));
		assertThat(section("environment-keys").getText()).contains("No keys yet");
		assertThat(section("workers").getText()).contains("No worker polled this environment");
		WebElement queued = this.driver.findElement(By.cssSelector("#work-queue tbody tr"));
		assertThat(queued.getText()).contains(sessionId, "queued", "not delivered yet");

		WebElement name = this.driver.findElement(By.id("key-name"));
		name.sendKeys("farm-1");
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[normalize-space()='New key']")));
		assertThat(notice()).startsWith("Issued the environment key ");
		String secret = this.driver.findElement(By.cssSelector("#environment-key-secret pre code")).getText();
		assertThat(secret).startsWith("sk-memstore-ek-");
		this.driver.navigate().refresh();
		assertThat(this.driver.findElements(By.id("environment-key-secret"))).as("the secret is shown once").isEmpty();
		WebElement keyRow = this.driver.findElement(By.cssSelector("table.environment-keys tbody tr"));
		assertThat(keyRow.getText()).contains("farm-1", "active");
		String keyId = keyRow.getAttribute("id");

		RawApi.Response polled = poll(environmentId, secret);
		assertThat(polled.status()).as(polled.body()).isEqualTo(200);
		String workId = polled.json().path("id").asText();
		assertThat(polled.json().path("data").path("id").asText()).isEqualTo(sessionId);
		String sessionsToken = sessionsToken(polled.json().path("secret").asText());
		assertThat(this.api.managedAgentsApi("POST", workPath(environmentId, workId) + "/ack", secret).send().status())
			.isEqualTo(200);
		RawApi.Response heartbeat = this.api
			.managedAgentsApi("POST",
					workPath(environmentId, workId) + "/heartbeat?expected_last_heartbeat=NO_HEARTBEAT", sessionsToken)
			.send();
		assertThat(heartbeat.json().path("lease_extended").asBoolean()).as(heartbeat.body()).isTrue();

		this.driver.navigate().refresh();
		assertThat(section("workers").getText()).contains("farm-worker-1");
		WebElement item = this.driver.findElement(By.id(workId));
		assertThat(item.findElement(By.cssSelector(".work-state")).getText()).isEqualTo("active");
		assertThat(item.getText()).contains(sessionId, "farm-worker-1");
		assertThat(item.findElements(By.tagName("time"))).as("its latest heartbeat and the lease's end").hasSize(2);
		assertThat(this.browser.seriousAccessibilityViolations()).as("the environment's page").isEmpty();
		this.browser.width(375);
		assertThat(overflow()).as("the page is no wider than a phone").isLessThanOrEqualTo(0);
		this.browser.width(1280);

		SessionMessages.send(this.client, sessionId, String.join("\n", "Check the build.", "```memstore-script",
				"[{\"tool\": \"bash\", \"input\": {\"command\": \"make check\"}}, {\"say\": \"Checked.\"}]", "```"));
		String callId = await().atMost(Duration.ofSeconds(30))
			.until(() -> waitingCall(sessionId, sessionsToken), (id) -> id != null);
		this.browser.clickToNavigate(item.findElement(By.linkText(sessionId)));
		WebElement servedBy = section("served-by");
		assertThat(servedBy.getText()).contains("farm-worker-1", "active");
		WebElement call = this.driver.findElement(By.cssSelector("li.agent-tool_use"));
		assertThat(call.getText()).contains("make check", "waiting for the self-hosted worker to run it");

		RawApi.Response answered = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + sessionId + "/events", sessionsToken)
			.json("{\"events\":[{\"type\":\"user.tool_result\",\"tool_use_id\":\"" + callId
					+ "\",\"content\":[{\"type\":\"text\",\"text\":\"all 12 checks passed\"}]}]}")
			.send();
		assertThat(answered.status()).as(answered.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.driver.navigate().refresh();
			return this.driver.findElement(By.id("main")).getText().contains("Checked.");
		});
		assertThat(this.driver.findElement(By.cssSelector("li.user-tool_result")).getText())
			.contains("Result from the worker", "all 12 checks passed");
		assertThat(this.driver.findElement(By.cssSelector("li.agent-tool_use")).getText())
			.doesNotContain("waiting for");

		this.driver.get(url(environmentPath(environmentId)));
		this.browser.confirm(this.driver.findElement(By.cssSelector("button[aria-label='Revoke " + keyId + "']")));
		assertThat(notice()).startsWith("Revoked the key farm-1 (" + keyId + ")");
		assertThat(this.driver.findElement(By.id(keyId)).findElement(By.cssSelector(".key-status")).getText())
			.isEqualTo("revoked");
		assertThat(this.driver.findElements(By.cssSelector("button[aria-label='Revoke " + keyId + "']")))
			.as("a revoked key offers no revoke")
			.isEmpty();
		assertThat(poll(environmentId, secret).status()).as("a revoked key polls no more").isEqualTo(401);
	}

	@Test
	void aCloudEnvironmentHasNoKeysNorQueue() {
		String environmentId = SessionFixtures.environment(this.client, "Cloud");
		this.driver.get(url(environmentPath(environmentId)));
		assertThat(this.driver.findElement(By.id("main")).getText()).contains("in memstore's sandbox (cloud)");
		assertThat(this.driver.findElements(By.id("environment-keys"))).isEmpty();
		assertThat(this.driver.findElements(By.id("work-queue"))).isEmpty();
	}

	/**
	 * The call the session waits on, read with the worker's token as the worker reads it.
	 */
	private String waitingCall(String sessionId, String sessionsToken) {
		RawApi.Response events = this.api
			.managedAgentsApi("GET", "/v1/sessions/" + sessionId + "/events?limit=1000", sessionsToken)
			.send();
		for (var event : events.json().path("data")) {
			if (event.path("stop_reason").path("type").asText().equals("requires_action")) {
				return event.path("stop_reason").path("event_ids").get(0).asText();
			}
		}
		return null;
	}

	private RawApi.Response poll(String environmentId, String environmentKey) {
		return this.api
			.managedAgentsApi("GET", "/v1/environments/" + environmentId + "/work/poll?block_ms=200", environmentKey)
			.header("Anthropic-Worker-ID", "farm-worker-1")
			.send();
	}

	private static String sessionsToken(String secret) {
		String json = new String(Base64.getUrlDecoder().decode(secret), StandardCharsets.UTF_8);
		return JsonMapper.builder().build().readTree(json).path("sessions_token").asText();
	}

	private WebElement section(String id) {
		return this.driver.findElement(By.id(id));
	}

	private String notice() {
		return this.driver.findElement(By.cssSelector("[role=status]")).getText();
	}

	private long overflow() {
		return ((Number) this.driver
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
			.longValue();
	}

	private String environmentPath(String environmentId) {
		return "/admin/workspaces/" + this.workspaceId + "/environments/" + environmentId;
	}

	private static String workPath(String environmentId, String workId) {
		return "/v1/environments/" + environmentId + "/work/" + workId;
	}

}
