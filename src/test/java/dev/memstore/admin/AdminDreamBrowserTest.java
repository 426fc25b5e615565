package dev.memstore.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import com.anthropic.models.beta.dreams.BetaOutputBehaviorUpdateExisting;
import com.anthropic.models.beta.dreams.DreamCreateParams;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.memstore.support.SdkEvents;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dreams on the admin page in a real headless Chromium: a dream followed while it runs,
 * the workspace's dreams, the review of its result against its input store, and adopting
 * it through its confirmation, checked through the official SDK. The offline agent pauses
 * before each step, so that a dream runs for a few seconds.
 */
@TestPropertySource(properties = "memstore.runtime.offline-step-delay=700ms")
class AdminDreamBrowserTest extends AdminBrowserTestSupport {

	private static final Duration DREAM_TIMEOUT = Duration.ofSeconds(30);

	private static final String REQUEST = "I'm Maya, remember that I prefer email.";

	String storeId;

	String sessionId;

	@BeforeEach
	void aStoreWithADuplicateAndASessionAskingToRemember() {
		this.storeId = newStore("Team notes", "/notes/standup.md", "Standup at 9:30.\n", "/notes/standup_copy.md",
				"Standup at 9:30.\n", "/projects/apollo.md", "Apollo ships in May.\n", "/users/maya/profile.md",
				"# Maya\n\nLikes tea.\n");
		this.sessionId = sessionSaying(this.storeId, REQUEST);
		this.browser.signInAsAdmin(this.port);
	}

	@Test
	void aDreamIsFollowedReviewedAndAdoptedIntoItsInputStore() {
		String dreamId = this.client.beta().dreams().create(dream().build()).id();

		this.driver.get(url("/admin/workspaces/" + this.workspaceId));
		this.browser.clickToNavigate(this.driver.findElement(By.linkText("Dreams")));
		assertThat(this.driver.findElement(By.cssSelector("[aria-current=page]")).getText()).isEqualTo("Dreams");
		WebElement row = this.driver.findElement(By.id(dreamId));
		assertThat(row.findElement(By.cssSelector(".input-store a")).getText()).isEqualTo("Team notes");
		this.browser.clickToNavigate(row.findElement(By.linkText(dreamId)));

		// The page follows the dream without being reloaded.
		WebElement page = this.driver.findElement(By.tagName("html"));
		assertThat(status()).isIn("pending", "running");
		await().atMost(DREAM_TIMEOUT)
			.until(() -> !this.driver.findElements(By.cssSelector("ol.transcript > li")).isEmpty());
		screenshots("admin-dream-running");
		new WebDriverWait(this.driver, DREAM_TIMEOUT).until((driver) -> "completed".equals(status()));
		assertThat(page.isDisplayed()).as("the same page, not a reload").isTrue();
		assertThat(text("#dream-ended")).as("a time swapped in reads relative, as on a loaded page")
			.matches("now|\\d+ seconds? ago");
		String outputId = this.client.beta().dreams().retrieve(dreamId).outputs().get(0).memoryStoreId();
		String dreamSession = this.client.beta().dreams().retrieve(dreamId).sessionId().orElseThrow();
		assertThat(this.driver.findElement(By.id("output-store")).getText()).contains("Team notes (dream)");
		assertThat(this.driver.findElement(By.id("dream-session")).getAttribute("href"))
			.endsWith("/sessions/" + dreamSession);
		assertThat(this.driver.findElement(By.cssSelector("ol.transcript")).getText())
			.as("the session's latest events, as the transcript shows them")
			.contains("Tool call", "/mnt/memory/");
		screenshots("admin-dream");
		String lastEvent = SdkEvents.id(this.client.beta()
			.sessions()
			.events()
			.list(dreamSession)
			.autoPager()
			.stream()
			.reduce((first, second) -> second)
			.orElseThrow());
		assertThat(poll(dreamId, "completed:" + lastEvent)).as("nothing new since: nothing to swap").isEqualTo(204);
		assertThat(poll(dreamId, "running:")).isEqualTo(200);

		this.browser.clickToNavigate(this.driver.findElement(By.id("dream-session")));
		WebElement runsDream = this.driver.findElement(By.cssSelector("#runs-dream a"));
		assertThat(runsDream.getText()).isEqualTo(dreamId);
		this.browser.clickToNavigate(runsDream);

		this.browser.clickToNavigate(this.driver.findElement(By.linkText("Dreams")));
		row = this.driver.findElement(By.id(dreamId));
		assertThat(row.findElement(By.cssSelector(".dream-status")).getText()).isEqualTo("completed");
		assertThat(row.findElement(By.cssSelector(".output-store a")).getAttribute("href"))
			.endsWith("/stores/" + outputId);
		assertThat(row.findElement(By.cssSelector(".input-store a")).getAttribute("href"))
			.endsWith("/stores/" + this.storeId);
		assertThat(row.findElement(By.cssSelector(".session a")).getAttribute("href"))
			.endsWith("/sessions/" + dreamSession);
		screenshots("admin-dreams");

		this.browser.clickToNavigate(row.findElement(By.linkText(dreamId)));
		this.browser.clickToNavigate(this.driver.findElement(By.id("review")));
		assertThat(text("#added-count")).isEqualTo("1");
		assertThat(text("#removed-count")).isEqualTo("1");
		assertThat(text("#changed-count")).isEqualTo("1");
		assertThat(text("#unchanged-count")).isEqualTo("2");
		assertThat(texts("#added tbody td:first-child")).containsExactly("/_index.md");
		assertThat(texts("#removed tbody td:first-child")).containsExactly("/notes/standup_copy.md");
		assertThat(texts("#changed h3")).containsExactly("/users/maya/profile.md");
		assertThat(texts("#changed .diff .added")).singleElement().asString().startsWith("+- ").endsWith(REQUEST);
		assertThat(texts("#changed .diff .removed")).isEmpty();
		screenshots("admin-dream-review");

		Map<String, String> inputBefore = contents(this.storeId);
		WebElement adopt = this.driver.findElement(By.xpath("//button[text()='Adopt into Team notes']"));
		WebElement dialog = this.browser.openDialog(adopt);
		assertThat(dialog.getText()).contains("1 memory created, 1 changed and 1 deleted", "each a new version by you");
		dialogScreenshots("admin-dream-adopt");
		dialog.findElement(By.cssSelector("button.cancel")).click();
		assertThat(contents(this.storeId)).as("cancelled: nothing adopted").isEqualTo(inputBefore);

		this.browser.confirm(adopt);

		assertThat(text("#adopted h2")).isEqualTo("Adopted into Team notes");
		assertThat(text("#adopted-created")).isEqualTo("1");
		assertThat(text("#adopted-modified")).isEqualTo("1");
		assertThat(text("#adopted-deleted")).isEqualTo("1");
		screenshots("admin-dream-adopted");
		Map<String, String> output = contents(outputId);
		assertThat(contents(this.storeId)).isEqualTo(output).isNotEqualTo(inputBefore);
		List<BetaManagedAgentsMemoryVersion> adopted = this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId, MemoryVersionListParams.builder().build())
			.autoPager()
			.stream()
			.filter((version) -> version.createdBy().orElseThrow().isUser())
			.toList();
		assertThat(adopted).hasSize(3)
			.allSatisfy((version) -> assertThat(version.createdBy().orElseThrow().asUser().userId())
				.isEqualTo("user_admin"));
		assertThat(this.client.beta().dreams().retrieve(dreamId).status()).isEqualTo(BetaDreamStatus.COMPLETED);
		assertThat(contents(outputId)).as("the output store is left as it was").isEqualTo(output);
	}

	@Test
	void aDreamThatUpdatedItsInputStoreHasNothingToReviewOrAdopt() {
		String dreamId = this.client.beta()
			.dreams()
			.create(dream()
				.outputBehavior(BetaOutputBehaviorUpdateExisting.builder().memoryStoreId(this.storeId).build())
				.build())
			.id();
		await().atMost(DREAM_TIMEOUT)
			.until(() -> this.client.beta().dreams().retrieve(dreamId).status(), BetaDreamStatus.COMPLETED::equals);

		this.driver.get(url("/admin/workspaces/" + this.workspaceId + "/dreams/" + dreamId));
		assertThat(this.driver.findElements(By.id("review"))).isEmpty();
		this.driver.get(url("/admin/workspaces/" + this.workspaceId + "/dreams/" + dreamId + "/review"));

		assertThat(text("#nothing-to-review")).contains("update_existing");
		assertThat(this.driver.findElements(By.xpath("//button[starts-with(text(), 'Adopt')]"))).isEmpty();
	}

	private DreamCreateParams.Builder dream() {
		return DreamCreateParams.builder()
			.addMemoryStoreInput(this.storeId)
			.addSessionsInput(List.of(this.sessionId))
			.model("memstore-offline");
	}

	/**
	 * A finished session of the offline agent with the store mounted read-only (so the
	 * agent notes nothing itself) in which the user said the message.
	 */
	private String sessionSaying(String storeId, String message) {
		String environmentId = SessionFixtures.environment(this.client, "Sandbox");
		String agentId = SessionFixtures.agentWithToolset(this.client, "Note taker", "memstore-offline");
		String id = this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder()
				.agent(agentId)
				.environmentId(environmentId)
				.addResource(BetaManagedAgentsMemoryStoreResourceParam.builder()
					.type(JsonValue.from("memory_store"))
					.memoryStoreId(storeId)
					.access(BetaManagedAgentsMemoryStoreResourceParam.Access.READ_ONLY)
					.build())
				.build())
			.id();
		SessionMessages.send(this.client, id, message);
		await().atMost(DREAM_TIMEOUT)
			.until(() -> this.client.beta()
				.sessions()
				.events()
				.list(id)
				.autoPager()
				.stream()
				.anyMatch((event) -> event.isSessionStatusIdle()));
		return id;
	}

	/**
	 * A store's memories, path to content, through the SDK.
	 */
	private Map<String, String> contents(String storeId) {
		Map<String, String> contents = new TreeMap<>();
		for (var item : this.client.beta()
			.memoryStores()
			.memories()
			.list(storeId, MemoryListParams.builder().view(BetaManagedAgentsMemoryView.FULL).build())
			.autoPager()) {
			contents.put(item.asMemory().path(), item.asMemory().content().orElse(""));
		}
		return contents;
	}

	private String status() {
		try {
			return this.driver.findElement(By.id("dream-status")).getText();
		}
		catch (StaleElementReferenceException ex) {
			return "";
		}
	}

	/**
	 * What the dream's page answers the request its polling makes, having seen the given
	 * status and last event.
	 */
	private int poll(String dreamId, String seen) {
		Object status = this.driver.executeAsyncScript(
				"""
						const done = arguments[arguments.length - 1];
						fetch(arguments[0], { headers: { 'HX-Request': 'true' } }).then((response) => done(response.status));""",
				url("/admin/workspaces/" + this.workspaceId + "/dreams/" + dreamId + "?seen="
						+ URLEncoder.encode(seen, StandardCharsets.UTF_8)));
		return ((Number) status).intValue();
	}

	private String text(String selector) {
		return this.driver.findElement(By.cssSelector(selector)).getText();
	}

	private List<String> texts(String selector) {
		return this.driver.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
	}

	/**
	 * The page as a laptop and a phone show it, whole (up to a few screens' height).
	 */
	private void screenshots(String name) {
		for (int width : new int[] { 1280, 375 }) {
			this.browser.width(width);
			Number height = (Number) this.driver.executeScript("return document.documentElement.scrollHeight;");
			this.driver.manage()
				.window()
				.setSize(new Dimension(width, Math.min(Math.max(900, height.intValue()), 2700)));
			this.browser.screenshot(name + "-" + width);
		}
		this.browser.width(1280);
	}

	/**
	 * The open dialog over the page, as a laptop and a phone show it.
	 */
	private void dialogScreenshots(String name) {
		this.browser.screenshot(name + "-1280");
		this.browser.width(375);
		this.browser.screenshot(name + "-375");
		this.browser.width(1280);
	}

}
