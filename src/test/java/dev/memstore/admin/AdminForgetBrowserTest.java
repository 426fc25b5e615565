package dev.memstore.admin;

import java.util.List;

import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.memstore.support.RawApi;
import dev.memstore.support.SdkEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forgetting a person from the admin page in a real headless Chromium: the preview lists
 * exactly what goes, the receipt says what went, and the SDK can read none of it.
 */
class AdminForgetBrowserTest extends AdminBrowserTestSupport {

	String storeId;

	@BeforeEach
	void mayaAndBob() {
		this.storeId = newStore("Customers", "/users/maya/profile.md", "about /users/maya/profile.md",
				"/users/maya/prefs.md", "about /users/maya/prefs.md", "/users/bob/profile.md",
				"about /users/bob/profile.md");
		this.browser.signInAsAdmin(this.port);
	}

	@Test
	void anOperatorForgetsMayaAndKeepsTheReceipt() {
		this.driver.get(url("/admin/workspaces/" + this.workspaceId + "/stores/" + this.storeId));
		this.browser.clickToNavigate(this.driver.findElement(By.linkText("Forget a subject…")));
		this.driver.findElement(By.id("prefix")).sendKeys("/users/maya/");
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Preview']")));

		assertThat(this.driver.findElements(By.cssSelector("ul.forgotten code")).stream().map(WebElement::getText))
			.containsExactly("/users/maya/prefs.md", "/users/maya/profile.md");
		this.browser.screenshot("admin-forget-preview");
		this.browser
			.confirm(this.driver.findElement(By.xpath("//button[text()='Forget everything under /users/maya/']")));

		assertThat(this.driver.findElement(By.id("memories-deleted")).getText()).isEqualTo("2");
		assertThat(this.driver.findElement(By.id("versions-redacted")).getText()).isEqualTo("4");
		assertThat(this.driver.findElement(By.cssSelector(".actor")).getText()).as("who forgot it, by name")
			.isEqualTo("admin admin");
		String receiptId = this.driver.findElement(By.id("receipt-id")).getText();
		this.browser.screenshot("admin-forget-receipt");
		String download = this.driver.findElement(By.id("download")).getAttribute("href");
		assertThat(download).endsWith("/forget-receipts/" + receiptId + ".json");
		RawApi.Response operatorCopy = new RawApi(this.port)
			.operator("GET", "/_memstore/workspaces/" + this.workspaceId + "/forget_receipts/" + receiptId)
			.send();
		assertThat(operatorCopy.json().path("versions_redacted").asInt()).isEqualTo(4);

		assertThat(this.client.beta()
			.memoryStores()
			.memories()
			.list(this.storeId, MemoryListParams.builder().pathPrefix("/users/maya/").build())
			.items()).isEmpty();
		List<String> readable = this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(this.storeId, MemoryVersionListParams.builder().build())
			.items()
			.stream()
			.map((version) -> SdkEvents.json(version).path("path"))
			.filter((path) -> path.isTextual())
			.map((path) -> path.asText())
			.toList();
		assertThat(readable).containsExactly("/users/bob/profile.md");
	}

}
