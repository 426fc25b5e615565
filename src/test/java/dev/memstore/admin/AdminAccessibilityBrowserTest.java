package dev.memstore.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.anthropic.models.beta.dreams.BetaDreamStatus;
import com.anthropic.models.beta.dreams.DreamCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.memstore.support.RawApi;
import dev.memstore.support.SessionFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every screen of the admin page, checked by axe-core in a real headless Chromium at a
 * laptop's and a phone's width: no serious or critical WCAG 2.1 A/AA violation, the page
 * no wider than the window, and a screenshot of each.
 */
class AdminAccessibilityBrowserTest extends AdminBrowserTestSupport {

	@ParameterizedTest
	@ValueSource(ints = { 1280, 375 })
	void everyScreenPassesAxe(int width) {
		String storeId = newStore("Customers", "/users/bob/profile.md", "Bob likes coffee\n");
		String memoryId = createMemory(storeId, "/users/maya/prefs.md", "EU English\n");
		this.client.beta()
			.memoryStores()
			.memories()
			.update(memoryId,
					MemoryUpdateParams.builder().memoryStoreId(storeId).content("EU English\nPrefers email\n").build());
		String environmentId = SessionFixtures.environment(this.client, "Sandbox");
		String agentId = SessionFixtures.agentWithToolset(this.client, "Note taker", "memstore-offline");
		String sessionId = SessionFixtures.sessionMounting(this.client, agentId, environmentId, storeId);
		String script = "[{\\\"tool\\\":\\\"write\\\",\\\"input\\\":{\\\"file_path\\\":\\\"/mnt/memory/customers/maya.md\\\","
				+ "\\\"content\\\":\\\"Maya likes tea\\\"}},{\\\"say\\\":\\\"Saved Maya's note.\\\"}]";
		new RawApi(this.port).managedAgentsApi("POST", "/v1/sessions/" + sessionId + "/turns", this.workspace.apiKey())
			.json("{\"input\":[{\"role\":\"user\",\"content\":\"```memstore-script\\n" + script + "\\n```\"}]}")
			.send();
		String dreamId = this.client.beta()
			.dreams()
			.create(DreamCreateParams.builder()
				.addMemoryStoreInput(storeId)
				.addSessionsInput(List.of(sessionId))
				.model("memstore-offline")
				.build())
			.id();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.client.beta().dreams().retrieve(dreamId).status(), BetaDreamStatus.COMPLETED::equals);
		this.browser.width(width);
		List<String> found = new ArrayList<>();

		this.driver.get(url("/admin/login"));
		check("login", width, found);
		this.browser.signInAsAdmin(this.port);
		String workspace = "/admin/workspaces/" + this.workspaceId;
		String store = workspace + "/stores/" + storeId;
		String memory = store + "/memories/" + memoryId;
		String[][] screens = { { "overview", "/admin" }, { "workspace", workspace },
				{ "stores", workspace + "/stores" }, { "sessions", workspace + "/sessions" },
				{ "agents", workspace + "/agents" }, { "agent", workspace + "/agents/" + agentId },
				{ "environments", workspace + "/environments" },
				{ "environment", workspace + "/environments/" + environmentId }, { "store", store },
				{ "memory", memory }, { "edit", memory + "/edit" }, { "history", memory + "/history" },
				{ "session", workspace + "/sessions/" + sessionId }, { "dreams", workspace + "/dreams" },
				{ "dream", workspace + "/dreams/" + dreamId },
				{ "dream-review", workspace + "/dreams/" + dreamId + "/review" },
				{ "forget-preview", store + "/forget?prefix=/users/maya/" },
				{ "refused", store + "/memories/mem_unknown" } };
		for (String[] screen : screens) {
			this.driver.get(url(screen[1]));
			check(screen[0], width, found);
		}

		this.driver.get(url(memory + "/history"));
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Show the diff']")));
		check("diff", width, found);
		this.driver.get(url(memory));
		this.browser.openDialog(this.driver.findElement(By.xpath("//button[text()='Delete']")));
		check("confirm-delete", width, found);
		this.driver.get(url(store + "/forget?prefix=/users/maya/"));
		this.browser
			.confirm(this.driver.findElement(By.xpath("//button[text()='Forget everything under /users/maya/']")));
		check("receipt", width, found);
		this.driver.get(url(workspace + "/dreams/" + dreamId + "/review"));
		WebElement adopt = this.browser
			.openDialog(this.driver.findElement(By.xpath("//button[text()='Adopt into Customers']")));
		check("dream-adopt", width, found);
		this.browser.clickToNavigate(adopt.findElement(By.cssSelector("button.confirm-action")));
		check("dream-adopted", width, found);

		assertThat(found).as("serious or critical axe-core violations, and pages wider than the window").isEmpty();
	}

	/**
	 * The check above is only worth something if it fails on a page that breaks the
	 * rules: an image with no text, a button with no name, grey on grey.
	 */
	@Test
	void theCheckFindsViolationsOnAPageThatBreaksTheRules() {
		this.driver.get("data:text/html,<!DOCTYPE html><html lang=en><title>Bad</title><main>"
				+ "<img src=x.png><button></button><p style='color:%23777;background:%23888'>faint</p></main></html>");

		assertThat(this.browser.seriousAccessibilityViolations()).anyMatch((line) -> line.contains("image-alt"))
			.anyMatch((line) -> line.contains("button-name"))
			.anyMatch((line) -> line.contains("color-contrast"));
	}

	private void check(String screen, int width, List<String> found) {
		this.browser.screenshot("admin-" + screen + "-" + width);
		for (String violation : this.browser.seriousAccessibilityViolations()) {
			found.add(screen + " at " + width + " px: " + violation);
		}
		Object overflow = this.driver
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		if (((Number) overflow).intValue() > 0) {
			found.add(screen + " at " + width + " px: the page is " + overflow + " px wider than the window");
		}
	}

}
