package dev.memstore.admin;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.memstore.support.RawApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin page in a real headless Chromium: signing in, the workspaces overview, the
 * store browser with its folders and path filter, and a memory shown safely as text.
 */
class AdminPageBrowserTest extends AdminBrowserTestSupport {

	private static final String HOSTILE = "<script>document.title='pwned'</script><b>bold?</b> Maya & co\n";

	String storeId;

	@BeforeEach
	void storeWithMemories() {
		this.storeId = newStore("Browser store", "/readme.md", "What this store is for.\n", "/users/maya/profile.md",
				HOSTILE, "/users/maya/prefs.md", "EU English\n");
	}

	@Test
	void theAdminPageNeedsTheAdminsPassword() {
		this.driver.get(url("/admin"));
		assertThat(this.driver.getCurrentUrl()).endsWith("/admin/login");
		assertThat(this.driver.switchTo().activeElement().getAttribute("id")).as("the username field has focus")
			.isEqualTo("username");
		assertThat(this.driver.findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("Username");
		assertThat(this.driver.findElement(By.cssSelector("label[for=password]")).getText()).isEqualTo("Password");

		signIn("admin", "not-the-password");
		assertThat(this.driver.findElement(By.cssSelector("[role=alert]")).getText())
			.isEqualTo("Wrong username or password.");
		this.browser.screenshot("admin-login");

		this.driver.findElement(By.id("username")).sendKeys("admin", Keys.TAB, "memstore-admin", Keys.TAB);
		assertThat(this.driver.switchTo().activeElement().getText()).as("Tab reaches the button").isEqualTo("Sign in");
		this.browser.typeToNavigate(this.driver.switchTo().activeElement(), Keys.ENTER);
		assertThat(this.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Workspaces");

		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Sign out']")));
		this.driver.get(url("/admin"));
		assertThat(this.driver.getCurrentUrl()).endsWith("/admin/login");
	}

	@Test
	void aFormPostedWithoutItsCsrfTokenIsRefused() {
		RawApi.Response response = new RawApi(this.port).request("POST", "/admin/login")
			.header("content-type", "application/x-www-form-urlencoded")
			.body("username=admin&password=memstore-admin")
			.send();

		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void anOperatorBrowsesFromTheOverviewToAMemoryShownAsText() {
		signIn("admin", "memstore-admin");
		WebElement storeRow = this.driver
			.findElement(By.xpath("//section[@id='" + this.workspaceId + "']//tr[td/a[text()='Browser store']]"));
		List<String> cells = storeRow.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
		assertThat(cells.get(1)).isEqualTo("3");
		assertThat(cells.get(2))
			.isEqualTo((HOSTILE.length() + "What this store is for.\n".length() + "EU English\n".length()) + " B");
		assertThat(cells.get(4)).isEqualTo("active");
		this.browser.screenshot("admin-overview");

		this.browser.clickToNavigate(storeRow.findElement(By.linkText("Browser store")));
		assertThat(listed()).containsExactly("/readme.md", "/users/");
		this.browser.clickToNavigate(this.driver.findElement(By.linkText("/users/")));
		this.browser.clickToNavigate(this.driver.findElement(By.linkText("/users/maya/")));
		assertThat(listed()).containsExactly("/users/maya/prefs.md", "/users/maya/profile.md");

		WebElement filter = this.driver.findElement(By.id("prefix"));
		filter.sendKeys("pro");
		wait(Duration.ofSeconds(10)).until((driver) -> listed().equals(List.of("/users/maya/profile.md")));
		this.browser.screenshot("admin-store");

		this.browser.clickToNavigate(this.driver.findElement(By.linkText("/users/maya/profile.md")));
		assertThat(this.driver.findElement(By.tagName("h1")).getText()).isEqualTo("/users/maya/profile.md");
		assertThat(this.driver.findElement(By.id("content")).getText()).isEqualTo(HOSTILE.strip());
		assertThat(this.driver.findElements(By.cssSelector("#content b"))).as("HTML in a memory is not rendered")
			.isEmpty();
		assertThat(this.driver.getTitle()).as("the script in the memory did not run").doesNotContain("pwned");
		WebElement writer = this.driver.findElement(By.cssSelector(".actor"));
		assertThat(writer.getText()).as("the author is the API key's name").isEqualTo("API key test key");
		this.browser.screenshot("admin-memory");
		this.browser.clickToNavigate(writer.findElement(By.linkText("test key")));
		assertThat(this.driver.findElement(By.cssSelector("#api-keys tbody tr")).getText()).as("the key it links to")
			.contains("test key", "active");
	}

	@Test
	void anUnknownStoreIsAPageSayingSo() {
		signIn("admin", "memstore-admin");
		this.driver.get(url("/admin/workspaces/" + this.workspaceId + "/stores/memstore_unknown"));

		assertThat(this.driver.findElement(By.tagName("h1")).getText()).isEqualTo("That cannot be shown");
		assertThat(this.driver.findElement(By.cssSelector("[role=alert]")).getText()).contains("memstore_unknown");
	}

	private void signIn(String username, String password) {
		if (!this.driver.getCurrentUrl().endsWith("/admin/login")) {
			this.driver.get(url("/admin/login"));
		}
		this.driver.findElement(By.id("username")).clear();
		this.driver.findElement(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.browser.clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Sign in']")));
		wait(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
	}

	private List<String> listed() {
		return this.driver.findElements(By.cssSelector("#listing table a")).stream().map(WebElement::getText).toList();
	}

	private WebDriverWait wait(Duration timeout) {
		return new WebDriverWait(this.driver, timeout);
	}

}
