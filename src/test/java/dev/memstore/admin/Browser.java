package dev.memstore.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through Selenium, using Debian's {@code chromium} and
 * {@code chromium-driver} (installed by {@code .ci/run}); screenshots go to
 * {@code target/screenshots/} for a reviewer to look at, and with
 * {@code -Dmemstore.write-screenshots=true} to {@code src/docs/screenshots/}.
 */
final class Browser implements AutoCloseable {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Path DOCUMENTED = Path.of("src", "docs", "screenshots");

	private final ChromeDriver driver;

	Browser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser"));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(
					Path.of(firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")).toFile())
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		// Elements of a page that is still loading are waited for, not missed.
		this.driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
	}

	ChromeDriver driver() {
		return this.driver;
	}

	/**
	 * Signs in with the documented local admin password, as a new user of memstore would.
	 */
	void signInAsAdmin(int port) {
		this.driver.get("http://localhost:" + port + "/admin/login");
		this.driver.findElement(By.id("username")).sendKeys("admin");
		this.driver.findElement(By.id("password")).sendKeys("memstore-admin");
		clickToNavigate(this.driver.findElement(By.xpath("//button[text()='Sign in']")));
		new WebDriverWait(this.driver, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains("Workspaces"));
	}

	/**
	 * Clicks a link or a submit button and waits until the next page replaced this one,
	 * so that what the test reads next is the new page.
	 */
	void clickToNavigate(WebElement element) {
		WebElement page = this.driver.findElement(By.tagName("html"));
		element.click();
		waitUntilReplaced(page);
	}

	/**
	 * Sends keys that submit a form (such as Enter) and waits for the next page.
	 */
	void typeToNavigate(WebElement element, CharSequence keys) {
		WebElement page = this.driver.findElement(By.tagName("html"));
		element.sendKeys(keys);
		waitUntilReplaced(page);
	}

	/**
	 * Clicks a button that opens a confirmation dialog and waits until it is open.
	 * @return the dialog
	 */
	WebElement openDialog(WebElement button) {
		button.click();
		WebElement dialog = this.driver.findElement(By.id(button.getAttribute("commandfor")));
		new WebDriverWait(this.driver, Duration.ofSeconds(10)).until((driver) -> dialog.getAttribute("open") != null);
		return dialog;
	}

	/**
	 * Clicks a destructive action's button, confirms it in its dialog and waits for the
	 * page that reports the result.
	 */
	void confirm(WebElement button) {
		clickToNavigate(openDialog(button).findElement(By.cssSelector("button.confirm-action")));
	}

	/**
	 * Resizes the window, to see a page as a phone ({@code 375}) or a laptop
	 * ({@code 1280}) shows it.
	 */
	void width(int pixels) {
		this.driver.manage().window().setSize(new Dimension(pixels, 900));
	}

	/**
	 * What axe-core finds on the page as it is now that is serious or critical, against
	 * WCAG 2.1 A and AA, one line per rule: its id, what it asks and where it fails.
	 */
	List<String> seriousAccessibilityViolations() {
		Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
			.analyze(this.driver);
		return results.getViolations()
			.stream()
			.filter((rule) -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.map((rule) -> rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " at "
					+ rule.getNodes().stream().map((node) -> String.valueOf(node.getTarget())).toList())
			.toList();
	}

	private void waitUntilReplaced(WebElement page) {
		new WebDriverWait(this.driver, Duration.ofSeconds(15)).until((driver) -> {
			try {
				page.isEnabled();
				return false;
			}
			catch (StaleElementReferenceException ex) {
				return true;
			}
			catch (WebDriverException ex) {
				// Asked about an element of the document it has just left, Chromium
				// sometimes answers with this error instead of a stale element reference.
				if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
					return true;
				}
				throw ex;
			}
		});
	}

	void screenshot(String name) {
		try {
			byte[] png = this.driver.getScreenshotAs(OutputType.BYTES);
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name + ".png"), png);
			// -Dmemstore.write-screenshots=true refreshes the documentation's pictures:
			// each screen at each width (the names ending in it) under
			// src/docs/screenshots/, and the ones the README shows.
			if (Boolean.getBoolean("memstore.write-screenshots")) {
				if (name.matches(".*-(1280|375)")) {
					Files.createDirectories(DOCUMENTED);
					Files.write(DOCUMENTED.resolve(name + ".png"), png);
				}
				Path shownInReadme = Path.of("src", "docs", name + ".png");
				if (Files.exists(shownInReadme)) {
					Files.write(shownInReadme, png);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String firstExisting(String... paths) {
		for (String path : paths) {
			if (Files.isExecutable(Path.of(path))) {
				return path;
			}
		}
		throw new IllegalStateException("none of " + String.join(", ", paths)
				+ " exists: install Debian's chromium and chromium-driver (.ci/run does)");
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
