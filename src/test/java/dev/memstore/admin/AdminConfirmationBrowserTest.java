package dev.memstore.admin;

import java.util.List;

import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import dev.memstore.support.SdkEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every destructive action on the admin page asks first, in a real headless Chromium at a
 * laptop's and a phone's width: the dialog says what will happen, Cancel (or Escape)
 * changes nothing, and confirming does it and reports the result.
 */
class AdminConfirmationBrowserTest extends AdminBrowserTestSupport {

	String storeId;

	String memoryId;

	@BeforeEach
	void aStoreWithTwoVersionsOfAMemory() {
		this.storeId = newStore("Customers", "/users/bob/profile.md", "Bob\n");
		this.memoryId = createMemory(this.storeId, "/users/maya/prefs.md", "EU English\n");
		this.client.beta()
			.memoryStores()
			.memories()
			.update(this.memoryId,
					MemoryUpdateParams.builder().memoryStoreId(this.storeId).content("British English\n").build());
		this.browser.signInAsAdmin(this.port);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1280, 375 })
	void deletingAMemoryAsksFirst(int width) {
		this.browser.width(width);
		this.driver.get(url(storePath() + "/memories/" + this.memoryId));
		WebElement delete = this.driver.findElement(By.xpath("//button[text()='Delete']"));

		WebElement dialog = this.browser.openDialog(delete);
		assertThat(dialog.getText()).contains("Delete /users/maya/prefs.md?", "Its history is kept");
		assertThat(this.driver.switchTo().activeElement().getText()).as("Cancel has the focus").isEqualTo("Cancel");
		dialog.findElement(By.cssSelector("button.cancel")).click();
		assertClosed(dialog);
		this.browser.openDialog(delete);
		this.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
		assertClosed(dialog);
		assertThat(paths()).as("cancelled: nothing deleted").contains("/users/maya/prefs.md");

		this.browser.confirm(delete);

		assertThat(notice()).isEqualTo("Deleted; its history is kept.");
		assertThat(paths()).containsExactly("/users/bob/profile.md");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1280, 375 })
	void redactingAVersionAsksFirstAndSaysItIsPermanent(int width) {
		this.browser.width(width);
		this.driver.get(url(storePath() + "/memories/" + this.memoryId + "/history"));
		String older = this.driver.findElements(By.cssSelector("table.history tbody tr")).get(1).getAttribute("id");
		WebElement redact = this.driver
			.findElement(By.cssSelector("button[aria-label='Redact version " + older + "']"));

		WebElement dialog = this.browser.openDialog(redact);
		assertThat(dialog.getText()).contains("Redact version " + older + " permanently?", "cannot be undone");
		dialog.findElement(By.cssSelector("button.cancel")).click();
		assertClosed(dialog);
		assertThat(SdkEvents.json(versions().get(1)).path("content").asText()).as("cancelled: nothing redacted")
			.isEqualTo("EU English\n");
		this.browser.screenshot("admin-confirm-redact-" + width);

		this.browser.confirm(redact);

		assertThat(notice()).startsWith("Redacted version " + older);
		assertThat(SdkEvents.json(versions().get(1)).path("redacted_by").path("type").asText()).isEqualTo("user_actor");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1280, 375 })
	void forgettingAsksFirst(int width) {
		this.browser.width(width);
		this.driver.get(url(storePath() + "/forget?prefix=/users/maya/"));
		WebElement forget = this.driver
			.findElement(By.xpath("//button[text()='Forget everything under /users/maya/']"));

		WebElement dialog = this.browser.openDialog(forget);
		assertThat(dialog.getText()).contains("1 memory is deleted and 2 versions redacted", "cannot be restored");
		this.browser.screenshot("admin-confirm-forget-" + width);
		dialog.findElement(By.cssSelector("button.cancel")).click();
		assertClosed(dialog);
		assertThat(paths()).as("cancelled: nothing forgotten").contains("/users/maya/prefs.md");

		this.browser.confirm(forget);

		assertThat(notice()).isEqualTo("Forgot everything under /users/maya/.");
		assertThat(paths()).containsExactly("/users/bob/profile.md");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1280, 375 })
	void archivingAStoreAsksFirst(int width) {
		this.browser.width(width);
		this.driver.get(url(storePath()));
		WebElement archive = this.driver.findElement(By.xpath("//button[text()='Archive']"));

		WebElement dialog = this.browser.openDialog(archive);
		assertThat(dialog.getText()).contains("Archive Customers?", "becomes read-only", "2 memories stay readable");
		dialog.findElement(By.cssSelector("button.cancel")).click();
		assertClosed(dialog);
		assertThat(archivedAt().isNull()).as("cancelled: not archived").isTrue();

		this.browser.confirm(archive);

		assertThat(notice()).isEqualTo("Archived Customers: it is now read-only.");
		assertThat(archivedAt().isTextual()).isTrue();
		assertThat(this.driver.findElements(By.xpath("//button[text()='Archive']"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1280, 375 })
	void deletingAStoreAsksFirst(int width) {
		this.browser.width(width);
		this.driver.get(url(storePath()));
		WebElement delete = this.driver.findElement(By.xpath("//button[text()='Delete store']"));

		WebElement dialog = this.browser.openDialog(delete);
		assertThat(dialog.getText()).contains("Delete Customers permanently?", "its 2 memories", "cannot be undone");
		this.browser.screenshot("admin-confirm-delete-store-" + width);
		this.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
		assertClosed(dialog);
		assertThat(paths()).as("cancelled: the store is still there").hasSize(2);

		this.browser.confirm(delete);

		assertThat(notice()).isEqualTo("Deleted the store Customers (" + this.storeId + ") and all its memories.");
		assertThat(this.driver.getCurrentUrl()).endsWith("/admin");
		assertThatThrownBy(() -> this.client.beta().memoryStores().retrieve(this.storeId))
			.isInstanceOf(NotFoundException.class);
	}

	private void assertClosed(WebElement dialog) {
		assertThat(dialog.getAttribute("open")).as("the dialog closed").isNull();
		assertThat(dialog.isDisplayed()).isFalse();
	}

	private String notice() {
		return this.driver.findElement(By.cssSelector("[role=status]")).getText();
	}

	private List<String> paths() {
		return this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().pathPrefix("/").build())
			.items()
			.stream()
			.map((item) -> SdkEvents.json(item).path("path").asText())
			.toList();
	}

	private List<?> versions() {
		return this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId,
					MemoryVersionListParams.builder()
						.memoryId(this.memoryId)
						.view(BetaManagedAgentsMemoryView.FULL)
						.build())
			.items();
	}

	private JsonNode archivedAt() {
		return SdkEvents.json(this.client.beta().memoryStores().retrieve(this.storeId)).path("archived_at");
	}

	private String storePath() {
		return "/admin/workspaces/" + this.workspaceId + "/stores/" + this.storeId;
	}

}
