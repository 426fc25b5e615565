package dev.memstore.admin;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.memstore.support.SessionFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding one's way on the admin page in a real headless Chromium: a workspace's
 * overview, its lists of stores, sessions, agents and environments with search and
 * paging, each object's own page, a new store, and an empty workspace that says how to
 * start, at a laptop's and a phone's width.
 */
class AdminNavigationBrowserTest extends AdminBrowserTestSupport {

	@BeforeEach
	void signIn() {
		this.browser.signInAsAdmin(this.port);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1280, 375 })
	void anEmptyWorkspaceSaysHowToStartAndCreatesAStore(int width) {
		this.browser.width(width);
		this.driver.get(url("/admin/workspaces/" + this.workspaceId));

		assertThat(this.driver.findElement(By.id("getting-started")).getText()).contains("Nothing here yet",
				"Create a memory store");
		assertFitsTheWindow();
		this.browser.screenshot("admin-empty-workspace-" + width);
		this.driver.findElement(By.id("store-name")).sendKeys("Team notes");
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Create the store']")));

		assertThat(this.driver.findElement(By.cssSelector("[role=status]")).getText())
			.isEqualTo("Created the store Team notes.");
		assertThat(this.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Team notes");
		assertThat(this.client.beta().memoryStores().list().items()).extracting((store) -> store.name())
			.containsExactly("Team notes");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1280, 375 })
	void theNavigationLeadsToEveryKindOfObject(int width) {
		String storeId = newStore("Customers", "/users/maya.md", "Maya");
		String environmentId = SessionFixtures.environment(this.client, "Sandbox env");
		String agentId = SessionFixtures.agentWithToolset(this.client, "Support agent", "memstore-offline");
		String sessionId = SessionFixtures.sessionMounting(this.client, agentId, environmentId, storeId);
		this.browser.width(width);
		this.driver.get(url("/admin/workspaces/" + this.workspaceId));
		assertThat(this.driver.findElements(By.id("getting-started"))).isEmpty();
		assertFitsTheWindow();
		this.browser.screenshot("admin-workspace-" + width);

		this.browser.clickToNavigate(section("Stores"));
		assertThat(section("Stores").getAttribute("aria-current")).isEqualTo("page");
		assertThat(linkTexts("table.stores tbody a")).containsExactly("Customers");
		assertFitsTheWindow();
		this.browser.screenshot("admin-stores-" + width);

		this.browser.clickToNavigate(section("Sessions"));
		assertThat(linkTexts("table.sessions tbody a")).containsExactly(sessionId, "Support agent");
		assertFitsTheWindow();
		this.browser.screenshot("admin-sessions-" + width);
		this.browser.clickToNavigate(this.driver.findElement(By.linkText("Support agent")));
		assertThat(this.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Support agent");
		assertThat(this.driver.findElement(By.id("agent-model")).getText()).isEqualTo("memstore-offline");
		assertThat(linkTexts("table.sessions tbody a")).as("the agent's sessions").contains(sessionId);
		assertFitsTheWindow();
		this.browser.screenshot("admin-agent-" + width);

		this.browser.clickToNavigate(section("Agents"));
		assertThat(linkTexts("table.agents tbody a")).containsExactly("Support agent");
		this.browser.screenshot("admin-agents-" + width);

		this.browser.clickToNavigate(section("Environments"));
		this.browser.clickToNavigate(this.driver.findElement(By.linkText("Sandbox env")));
		assertThat(this.driver.findElement(By.tagName("main")).getText()).contains(environmentId);
		this.browser.screenshot("admin-environment-" + width);
	}

	@Test
	void aListIsSearchedAndPaged() {
		for (int i = 0; i < 26; i++) {
			newStore(String.format("Store %02d", i));
		}
		this.driver.get(url("/admin/workspaces/" + this.workspaceId + "/stores"));
		assertThat(linkTexts("table.stores tbody a")).hasSize(25).startsWith("Store 25");

		this.browser.clickToNavigate(this.driver.findElement(By.linkText("Next page")));
		assertThat(linkTexts("table.stores tbody a")).containsExactly("Store 00");

		this.browser.clickToNavigate(this.driver.findElement(By.linkText("First page")));
		WebElement search = this.driver.findElement(By.id("q"));
		search.sendKeys("store 1");
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Search']")));
		assertThat(linkTexts("table.stores tbody a")).hasSize(10).allMatch((name) -> name.startsWith("Store 1"));

		search = this.driver.findElement(By.id("q"));
		search.clear();
		search.sendKeys("nothing like it");
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Search']")));
		assertThat(this.driver.findElement(By.cssSelector(".empty")).getText()).startsWith("No store matches")
			.contains("nothing like it");
	}

	private WebElement section(String name) {
		return this.driver.findElement(By.xpath("//nav[@aria-label='Workspace']//a[text()='" + name + "']"));
	}

	private List<String> linkTexts(String selector) {
		return this.driver.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
	}

	/**
	 * Nothing makes the page wider than the window: wide tables scroll in their box.
	 */
	private void assertFitsTheWindow() {
		Object overflow = this.driver
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(((Number) overflow).intValue()).as("the page scrolls sideways").isLessThanOrEqualTo(0);
	}

}
