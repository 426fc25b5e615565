package dev.memstore.admin;

import java.time.Duration;

import com.anthropic.errors.NotFoundException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin page with the keyboard alone, in a real headless Chromium: sign in, skip the
 * navigation, move between sections, and delete a store through its confirmation, with no
 * click anywhere.
 */
class AdminKeyboardBrowserTest extends AdminBrowserTestSupport {

	/**
	 * More Tab presses than any screen here has focusable elements before the one sought.
	 */
	private static final int MAX_TABS = 60;

	@Test
	void signInSkipToContentAndNavigateWithTheKeyboard() {
		newStore("Keyboard store", "/a.md", "A\n");
		this.driver.get(url("/admin/login"));
		new WebDriverWait(this.driver, Duration.ofSeconds(10)).withMessage("the user name has the focus")
			.until((driver) -> "username".equals(focused().getAttribute("id")));
		focused().sendKeys("admin", Keys.TAB);
		focused().sendKeys("memstore-admin");
		this.browser.typeToNavigate(focused(), Keys.ENTER);
		assertThat(this.driver.getTitle()).startsWith("Workspaces");

		this.driver.get(url("/admin/workspaces/" + this.workspaceId));
		this.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
		assertThat(focused().getText()).as("the first Tab reaches the skip link").isEqualTo("Skip to content");
		focused().sendKeys(Keys.ENTER);
		focused().sendKeys(Keys.TAB);
		assertThat(insideMain(focused())).as("after skipping, Tab goes on inside the content").isTrue();

		this.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
		WebElement stores = tabTo("Stores");
		this.browser.typeToNavigate(stores, Keys.ENTER);
		assertThat(this.driver.findElement(By.cssSelector("[aria-current=page]")).getText()).isEqualTo("Stores");
		WebElement store = tabTo("Keyboard store");
		this.browser.typeToNavigate(store, Keys.ENTER);
		assertThat(this.driver.findElement(By.tagName("h1")).getText()).contains("Keyboard store");
	}

	@Test
	void aStoreIsDeletedThroughItsConfirmationWithTheKeyboard() {
		String storeId = newStore("Doomed", "/a.md", "A\n");
		this.browser.signInAsAdmin(this.port);
		this.driver.get(url("/admin/workspaces/" + this.workspaceId + "/stores/" + storeId));

		this.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
		tabTo("Delete store").sendKeys(Keys.ENTER);
		WebElement dialog = this.driver.findElement(By.id("confirm-delete-store"));
		new WebDriverWait(this.driver, Duration.ofSeconds(10)).until((driver) -> dialog.getAttribute("open") != null);
		assertThat(focused().getText()).as("Enter opened the dialog with Cancel focused").isEqualTo("Cancel");
		focused().sendKeys(Keys.TAB);
		assertThat(focused().getText()).isEqualTo("Delete Doomed");
		this.browser.typeToNavigate(focused(), Keys.ENTER);

		assertThat(this.driver.findElement(By.cssSelector("[role=status]")).getText())
			.startsWith("Deleted the store Doomed");
		assertThatThrownBy(() -> this.client.beta().memoryStores().retrieve(storeId))
			.isInstanceOf(NotFoundException.class);
	}

	private WebElement focused() {
		return this.driver.switchTo().activeElement();
	}

	private boolean insideMain(WebElement element) {
		return !element.findElements(By.xpath("ancestor::main")).isEmpty();
	}

	/**
	 * Presses Tab until the element whose text is {@code text} has the focus, as a person
	 * would, and fails if it never does.
	 */
	private WebElement tabTo(String text) {
		for (int i = 0; i < MAX_TABS; i++) {
			if (focused().getText().equals(text)) {
				return focused();
			}
			focused().sendKeys(Keys.TAB);
		}
		throw new AssertionError("Tab never reached \"" + text + "\"");
	}

}
