package dev.memstore.admin;

import java.util.List;

import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memories.MemoryRetrieveParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.memstore.support.SdkEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fixing a memory in a real headless Chromium: an edit that would overwrite an agent's
 * newer write is refused with the newer content and a diff, a redone edit is saved as the
 * admin's version, and the history diffs and restores versions, each visible through the
 * SDK.
 */
class AdminMemoryEditBrowserTest extends AdminBrowserTestSupport {

	String storeId;

	String memoryId;

	@BeforeEach
	void aMemory() {
		this.storeId = newStore("Edited store");
		this.memoryId = createMemory(this.storeId, "/users/maya/prefs.md", "EU English\n");
		this.browser.signInAsAdmin(this.port);
	}

	@Test
	void aStaleEditShowsTheNewerWriteAndOverwritesNothing() {
		this.driver.get(url(memoryPath()));
		this.browser.clickToNavigate(this.driver.findElement(By.linkText("Edit")));
		WebElement content = this.driver.findElement(By.id("content"));
		content.clear();
		content.sendKeys("EU English, dark mode\n");
		this.client.beta()
			.memoryStores()
			.memories()
			.update(this.memoryId,
					MemoryUpdateParams.builder()
						.memoryStoreId(this.storeId)
						.content("EU English\nPrefers email\n")
						.build());

		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Save as a new version']")));

		WebElement conflict = this.driver.findElement(By.cssSelector(".conflict[role=alert]"));
		assertThat(conflict.findElements(By.cssSelector(".diff .added")).stream().map(WebElement::getText))
			.containsExactly("+Prefers email");
		assertThat(this.driver.findElement(By.id("current")).getText()).isEqualTo("EU English\nPrefers email");
		assertThat(this.driver.findElement(By.id("content")).getAttribute("value"))
			.as("the admin's edit is kept for redoing")
			.isEqualTo("EU English, dark mode\n");
		assertThat(content()).as("nothing was overwritten").isEqualTo("EU English\nPrefers email\n");
		this.browser.screenshot("admin-stale-edit");

		WebElement retry = this.driver.findElement(By.id("content"));
		retry.clear();
		retry.sendKeys("EU English\nPrefers email\nDark mode\n");
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Save as a new version']")));

		assertThat(this.driver.findElement(By.cssSelector("[role=status]")).getText())
			.isEqualTo("Saved as a new version.");
		assertThat(content()).isEqualTo("EU English\nPrefers email\nDark mode\n");
		JsonNode newest = SdkEvents.json(versions().get(0));
		assertThat(newest.path("operation").asText()).isEqualTo("modified");
		assertThat(newest.path("created_by").path("type").asText()).isEqualTo("user_actor");
		assertThat(newest.path("created_by").path("user_id").asText()).isEqualTo("user_admin");
	}

	@Test
	void theHistoryDiffsAnyTwoVersionsAndRestoresOne() {
		this.client.beta()
			.memoryStores()
			.memories()
			.update(this.memoryId,
					MemoryUpdateParams.builder()
						.memoryStoreId(this.storeId)
						.content("British English\nPrefers email\n")
						.build());
		this.driver.get(url(memoryPath() + "/history"));
		List<WebElement> rows = this.driver.findElements(By.cssSelector("table.history tbody tr"));
		assertThat(rows).hasSize(2);
		assertThat(rows.get(1).getText()).contains("created", "API key test key");

		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Show the diff']")));
		assertThat(this.driver.findElements(By.cssSelector(".diff .removed")).stream().map(WebElement::getText))
			.containsExactly("-EU English");
		assertThat(this.driver.findElements(By.cssSelector(".diff .added")).stream().map(WebElement::getText))
			.containsExactly("+British English", "+Prefers email");
		this.browser.screenshot("admin-diff");

		this.driver.navigate().back();
		String created = rows.get(1).getAttribute("id");
		this.browser.clickToNavigate(
				this.driver.findElement(By.cssSelector("button[aria-label='Restore version " + created + "']")));

		assertThat(this.driver.findElement(By.cssSelector("[role=status]")).getText())
			.isEqualTo("Restored the content of version " + created + " as a new version.");
		assertThat(content()).isEqualTo("EU English\n");
		assertThat(versions()).hasSize(3);
		assertThat(SdkEvents.json(versions().get(0)).path("created_by").path("type").asText()).isEqualTo("user_actor");
	}

	@Test
	void anOlderVersionCanBeRedactedButNotTheCurrentOne() {
		this.client.beta()
			.memoryStores()
			.memories()
			.update(this.memoryId, MemoryUpdateParams.builder().memoryStoreId(this.storeId).content("Fixed\n").build());
		this.driver.get(url(memoryPath() + "/history"));
		List<WebElement> rows = this.driver.findElements(By.cssSelector("table.history tbody tr"));
		String current = rows.get(0).getAttribute("id");
		String older = rows.get(1).getAttribute("id");
		assertThat(this.driver.findElements(By.cssSelector("button[aria-label='Redact version " + current + "']")))
			.as("the current version cannot be redacted")
			.isEmpty();

		this.browser
			.confirm(this.driver.findElement(By.cssSelector("button[aria-label='Redact version " + older + "']")));

		assertThat(this.driver.findElement(By.cssSelector("[role=status]")).getText())
			.startsWith("Redacted version " + older);
		assertThat(this.driver.findElement(By.id(older)).getText()).contains("(redacted)");
		JsonNode redacted = SdkEvents.json(versions().get(1));
		assertThat(redacted.path("redacted_by").path("type").asText()).isEqualTo("user_actor");
		assertThat(redacted.path("path").isTextual()).as("its path is erased too").isFalse();
	}

	@Test
	void aMemoryCreatedOnThePageIsTheAdminsVersion() {
		this.driver
			.get(url("/admin/workspaces/" + this.workspaceId + "/stores/" + this.storeId + "?prefix=/users/maya/"));
		this.driver.findElement(By.xpath("//summary[text()='New memory']")).click();
		WebElement path = this.driver.findElement(By.id("new-path"));
		assertThat(path.getAttribute("value")).as("starts in the folder being browsed").isEqualTo("/users/maya/");
		path.sendKeys("team.md");
		this.driver.findElement(By.id("new-content")).sendKeys("Works with Bob");
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Create']")));

		assertThat(this.driver.findElement(By.tagName("h1")).getText()).isEqualTo("/users/maya/team.md");
		assertThat(this.driver.findElement(By.id("content")).getText()).isEqualTo("Works with Bob");
		assertThat(this.driver.findElement(By.cssSelector(".actor")).getText()).isEqualTo("admin admin");
	}

	@Test
	void aMemoryIsRenamedAndThenDeletedKeepingItsHistory() {
		this.driver.get(url(memoryPath() + "/edit"));
		WebElement path = this.driver.findElement(By.id("path"));
		path.clear();
		path.sendKeys("/users/maya/preferences.md");
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Save as a new version']")));
		assertThat(this.driver.findElement(By.tagName("h1")).getText()).isEqualTo("/users/maya/preferences.md");

		this.browser.confirm(this.driver.findElement(By.xpath("//button[text()='Delete']")));

		assertThat(this.driver.findElement(By.cssSelector("[role=status]")).getText())
			.isEqualTo("Deleted; its history is kept.");
		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().pathPrefix("/").build())
			.items()).isEmpty();
		assertThat(versions()).extracting((version) -> SdkEvents.json(version).path("operation").asText())
			.containsExactly("deleted", "modified", "created");
	}

	private String content() {
		return this.client.beta()
			.memoryStores()
			.memories()
			.retrieve(this.memoryId,
					MemoryRetrieveParams.builder()
						.memoryStoreId(this.storeId)
						.view(BetaManagedAgentsMemoryView.FULL)
						.build())
			.content()
			.orElse(null);
	}

	private List<?> versions() {
		return this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId, MemoryVersionListParams.builder().memoryId(this.memoryId).build())
			.items();
	}

	private String memoryPath() {
		return "/admin/workspaces/" + this.workspaceId + "/stores/" + this.storeId + "/memories/" + this.memoryId;
	}

}
