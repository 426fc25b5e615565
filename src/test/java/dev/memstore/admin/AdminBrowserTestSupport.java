package dev.memstore.admin;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.memorystores.MemoryStoreCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestWorkspaces;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every admin page test starts from: a fresh workspace with the SDK as its client,
 * and a headless Chromium, closed after the test.
 */
@MemstoreIntegrationTest
abstract class AdminBrowserTestSupport {

	@LocalServerPort
	int port;

	TestWorkspaces.Workspace workspace;

	String workspaceId;

	AnthropicClient client;

	Browser browser;

	ChromeDriver driver;

	@BeforeEach
	void workspaceAndBrowser() {
		this.workspace = TestWorkspaces.create(this.port);
		this.workspaceId = this.workspace.id();
		this.client = Sdk.client(this.port, this.workspace.apiKey());
		this.browser = new Browser();
		this.driver = this.browser.driver();
	}

	@AfterEach
	void closeBrowser() {
		this.browser.close();
	}

	/**
	 * A new store holding the given memories.
	 * @param pathsAndContents a path, its content, the next path, …
	 */
	String newStore(String name, String... pathsAndContents) {
		String storeId = this.client.beta()
			.memoryStores()
			.create(MemoryStoreCreateParams.builder().name(name).build())
			.id();
		for (int i = 0; i < pathsAndContents.length; i += 2) {
			createMemory(storeId, pathsAndContents[i], pathsAndContents[i + 1]);
		}
		return storeId;
	}

	String createMemory(String storeId, String path, String content) {
		return this.client.beta()
			.memoryStores()
			.memories()
			.create(storeId, MemoryCreateParams.builder().path(path).content(content).build())
			.id();
	}

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
