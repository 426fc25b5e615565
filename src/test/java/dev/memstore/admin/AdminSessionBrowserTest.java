package dev.memstore.admin;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.anthropic.models.beta.sessions.SessionUpdateParams;

import dev.memstore.support.PausingSession;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.SessionMessages;
import dev.memstore.support.RawApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From a store to the sessions that mounted it and a session's transcript, in a real
 * headless Chromium, after an offline agent wrote a memory.
 */
class AdminSessionBrowserTest extends AdminBrowserTestSupport {

	String storeId;

	String sessionId;

	String agentId;

	@BeforeEach
	void aSessionThatWroteAMemory() {
		this.storeId = newStore("Notes");
		String environmentId = SessionFixtures.environment(this.client, "env");
		this.agentId = SessionFixtures.agentWithToolset(this.client, "Note taker", "memstore-offline");
		this.sessionId = SessionFixtures.sessionMounting(this.client, this.agentId, environmentId, this.storeId);
		String script = "[{\\\"tool\\\":\\\"write\\\",\\\"input\\\":{\\\"file_path\\\":\\\"/mnt/memory/notes/maya.md\\\","
				+ "\\\"content\\\":\\\"Maya likes tea\\\"}},{\\\"say\\\":\\\"Saved Maya's note.\\\"}]";
		RawApi.Response turn = new RawApi(this.port)
			.managedAgentsApi("POST", "/v1/sessions/" + this.sessionId + "/turns", this.workspace.apiKey())
			.json("{\"input\":[{\"role\":\"user\",\"content\":\"```memstore-script\\n" + script + "\\n```\"}]}")
			.send();
		assertThat(turn.json().path("status").asString()).isEqualTo("completed");
		this.browser.signInAsAdmin(this.port);
	}

	@Test
	void theSessionShowsTheModelThatRanAndToolInputsAsJson() {
		// No Claude key in the tests: an agent configured for Claude is answered offline.
		String environmentId = SessionFixtures.environment(this.client, "env");
		String agentId = SessionFixtures.agentWithToolset(this.client, "Claude note taker", "claude-sonnet-4-5");
		String sessionId = SessionFixtures.sessionMounting(this.client, agentId, environmentId, this.storeId);
		String script = "[{\\\"tool\\\":\\\"write\\\",\\\"input\\\":{\\\"file_path\\\":\\\"/mnt/memory/notes/bob.md\\\","
				+ "\\\"content\\\":\\\"Bob likes coffee\\\"}}]";
		new RawApi(this.port).managedAgentsApi("POST", "/v1/sessions/" + sessionId + "/turns", this.workspace.apiKey())
			.json("{\"input\":[{\"role\":\"user\",\"content\":\"```memstore-script\\n" + script + "\\n```\"}]}")
			.send();

		this.driver.get(url("/admin/workspaces/" + this.workspaceId + "/sessions/" + sessionId));

		assertThat(this.driver.findElement(By.id("model-configured")).getText()).isEqualTo("claude-sonnet-4-5");
		assertThat(this.driver.findElement(By.id("model-ran")).getText()).isEqualTo("memstore-offline");
		String input = this.driver.findElement(By.cssSelector("li.agent-tool_use pre")).getText();
		assertThat(input).as("formatted JSON, not a Java map")
			.startsWith("{")
			.contains("\"file_path\"", "\"/mnt/memory/notes/bob.md\"", "\n")
			.doesNotContain("file_path=");
	}

	@Test
	void aPausedSessionShowsWhatItWaitsOnAndHowItWasAnswered() {
		String environmentId = SessionFixtures.environment(this.client, "env");
		String agentId = SessionFixtures.agentWithClientTools(this.client, "memstore-offline");
		String sessionId = SessionFixtures.sessionMounting(this.client, agentId, environmentId, this.storeId);
		PausingSession paused = new PausingSession(this.client, sessionId);
		SessionMessages.send(this.client, sessionId,
				"```memstore-script\n[{\"tool\": \"lookup_order\", \"input\":"
						+ " {\"order_id\": \"A-1\"}}, {\"tool\": \"write\", \"input\": {\"file_path\":"
						+ " \"/mnt/memory/notes/a.md\", \"content\": \"x\"}}]\n```");
		String call = PausingSession.only(paused.untilIdle(1), "agent.custom_tool_use").path("id").asText();
		String sessionPage = url("/admin/workspaces/" + this.workspaceId + "/sessions/" + sessionId);

		this.driver.get(sessionPage);
		assertThat(this.driver.findElement(By.cssSelector("li.agent-custom_tool_use")).getText()).contains(
				"Custom tool call lookup_order", "run by the application", "waiting for the application's result",
				"\"order_id\" : \"A-1\"");
		assertThat(this.driver.findElement(By.cssSelector("ol.transcript > li:last-child")).getText())
			.isEqualTo("Paused: waiting for 1 answer");

		paused.answer(call, "shipped on Monday", false);
		String write = PausingSession.ofType(paused.untilIdle(2), "agent.tool_use").get(0).path("id").asText();
		this.driver.get(sessionPage);
		assertThat(this.driver.findElement(By.cssSelector("li.user-custom_tool_result")).getText())
			.contains("Result from the application", "shipped on Monday");
		assertThat(this.driver.findElement(By.cssSelector("li.agent-tool_use")).getText())
			.contains("asks for confirmation (always_ask)", "waiting for the user to allow or deny it");
		this.browser.screenshot("admin-session-paused");
		assertThat(this.browser.seriousAccessibilityViolations()).isEmpty();

		paused.confirm(write, "deny", "not now");
		paused.untilIdle(3);
		this.driver.get(sessionPage);
		assertThat(this.driver.findElement(By.cssSelector("li.user-tool_confirmation")).getText())
			.contains("Denied by the user", "not now");
		assertThat(this.driver.findElements(By.cssSelector(".waiting"))).as("nothing waits any more").isEmpty();
	}

	@Test
	void aStoreLeadsToTheSessionsThatMountedItAndTheirTranscripts() {
		this.driver.get(url("/admin/workspaces/" + this.workspaceId + "/stores/" + this.storeId));
		WebElement mounting = this.driver.findElement(By.cssSelector("#sessions tbody tr"));
		assertThat(mounting.getText()).contains(this.sessionId, this.agentId, "read_write", "idle");

		this.browser.clickToNavigate(mounting.findElement(By.linkText(this.sessionId)));

		assertThat(this.driver.findElement(By.tagName("main")).getText()).contains(this.agentId, "memstore-offline");
		List<String> transcript = this.driver.findElements(By.cssSelector("ol.transcript > li"))
			.stream()
			.map(WebElement::getText)
			.filter((text) -> !text.startsWith("session.") && !text.startsWith("span."))
			.toList();
		assertThat(transcript).hasSize(4);
		assertThat(transcript.get(0)).startsWith("User").contains("memstore-script");
		assertThat(transcript.get(1)).startsWith("Tool call write").contains("/mnt/memory/notes/maya.md");
		assertThat(transcript.get(2)).startsWith("Tool result");
		assertThat(transcript.get(3)).isEqualTo("Agent\nSaved Maya's note.");
		WebElement written = this.driver.findElement(By.cssSelector("table.written tbody tr"));
		assertThat(written.getText()).contains("created", "/maya.md");
		this.browser.screenshot("admin-session");

		this.client.beta()
			.sessions()
			.update(this.sessionId, SessionUpdateParams.builder().title("Notes about Maya").build());
		this.browser.clickToNavigate(written.findElement(By.tagName("a")));
		assertThat(this.driver.findElement(By.tagName("h1")).getText()).isEqualTo("History of /maya.md");
		assertThat(this.driver.findElement(By.cssSelector("table.history .actor")).getText())
			.isEqualTo("session Notes about Maya");
		this.browser.clickToNavigate(this.driver.findElement(By.linkText("/maya.md")));
		assertThat(this.driver.findElement(By.linkText("Notes about Maya")).getAttribute("href"))
			.as("the memory's last writer is its session's title, linked to the session")
			.endsWith("/sessions/" + this.sessionId);
	}

}
