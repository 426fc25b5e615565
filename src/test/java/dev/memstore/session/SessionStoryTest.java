package dev.memstore.session;

import java.util.List;

import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemoryView;
import com.anthropic.models.beta.memorystores.memories.MemoryListParams;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam.Access;
import com.anthropic.models.beta.sessions.BetaManagedAgentsSession;
import com.anthropic.models.beta.sessions.events.BetaManagedAgentsStreamSessionEvents;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.SdkEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's story, offline: one session learns a customer's preferences, a later
 * session with the same store recalls them.
 */
@MemstoreIntegrationTest
class SessionStoryTest extends SessionTestSupport {

	@Test
	void aSecondSessionRecallsWhatTheFirstRemembered() throws Exception {
		String storeId = newStore("Acme customer memory");
		createMemory(storeId, "/standards/formatting.md", "Use sentence case for headings.\n");

		BetaManagedAgentsSession first = newSession(mount(storeId, Access.READ_WRITE));
		assertThat(first.resources().get(0).asMemoryStore().mountPath()).hasValue("/mnt/memory/acme-customer-memory");
		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(first.id(),
				"Remember: Maya from Acme Corp wants EU English and brand colour #0E7A4F.");

		assertThat(types(events)).startsWith("user.message", "session.status_running", "span.model_request_start")
			.endsWith("agent.message", "span.model_request_end", "session.status_idle")
			.contains("agent.tool_use", "agent.tool_result");
		assertThat(events.get(events.size() - 1).asSessionStatusIdle().stopReason().isEndTurn()).isTrue();
		assertThat(SdkEvents.json(events.get(2)).path("model").path("id").asText())
			.as("the agent names a Claude model, but without a key the offline agent answers, and says so")
			.isEqualTo("memstore-offline");
		String answer = lastAnswer(events);
		assertThat(answer).contains("/mnt/memory/acme-customer-memory/remembered.md");

		BetaManagedAgentsMemory remembered = this.client.beta()
			.memoryStores()
			.memories()
			.list(storeId, MemoryListParams.builder().pathPrefix("/").build())
			.items()
			.stream()
			.filter((item) -> item.isMemory() && item.asMemory().path().equals("/remembered.md"))
			.map((item) -> item.asMemory())
			.findFirst()
			.orElseThrow();
		List<BetaManagedAgentsMemoryVersion> versions = this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(storeId, MemoryVersionListParams.builder().memoryId(remembered.id()).build())
			.items();
		assertThat(versions).singleElement()
			.satisfies((version) -> assertThat(version.createdBy().orElseThrow().asSession().sessionId())
				.isEqualTo(first.id()));

		BetaManagedAgentsSession second = newSession(mount(storeId, Access.READ_ONLY));
		RawApi.Response turn = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + second.id() + "/turns", this.workspace.apiKey())
			.json("{\"input\":[{\"role\":\"user\",\"content\":\"Draft a release note for Maya at Acme Corp.\"}]}")
			.send();
		assertThat(turn.status()).isEqualTo(200);
		JsonNode body = turn.json();
		assertThat(body.path("status").asString()).isEqualTo("completed");
		assertThat(body.path("id").asString()).startsWith("turn_");
		JsonNode output = body.path("output");
		String recalled = output.get(output.size() - 1).path("content").get(0).path("text").asString();
		assertThat(recalled).contains("EU English", "#0E7A4F", "/mnt/memory/acme-customer-memory/remembered.md");
		assertThat(body.path("events").size()).isGreaterThan(4);
	}

	@Test
	void aMessageThatIntroducesSomeoneIsRememberedInTheirProfile() throws Exception {
		String storeId = newStore("Acme customer memory");
		BetaManagedAgentsSession session = newSession(mount(storeId, Access.READ_WRITE));

		List<BetaManagedAgentsStreamSessionEvents> events = sendAndStream(session.id(),
				"I'm Maya from Acme Corp, please remember I prefer email.");

		String answer = lastAnswer(events);
		assertThat(answer).startsWith("Noted in /mnt/memory/acme-customer-memory/users/maya/profile.md.");
		List<String> paths = this.client.beta()
			.memoryStores()
			.memories()
			.list(storeId, MemoryListParams.builder().pathPrefix("/").build())
			.items()
			.stream()
			.filter((item) -> item.isMemory())
			.map((item) -> item.asMemory().path())
			.toList();
		assertThat(paths).containsExactly("/users/maya/profile.md");
		BetaManagedAgentsMemory profile = this.client.beta()
			.memoryStores()
			.memories()
			.list(storeId,
					MemoryListParams.builder()
						.pathPrefix("/users/maya/")
						.view(BetaManagedAgentsMemoryView.FULL)
						.build())
			.items()
			.get(0)
			.asMemory();
		assertThat(profile.content()).hasValueSatisfying((content) -> assertThat(content).startsWith("# Maya\n\n- ")
			.endsWith(": I'm Maya from Acme Corp, please remember I prefer email.\n"));
	}

	private static String lastAnswer(List<BetaManagedAgentsStreamSessionEvents> events) {
		return events.stream()
			.filter(BetaManagedAgentsStreamSessionEvents::isAgentMessage)
			.reduce((a, b) -> b)
			.orElseThrow()
			.asAgentMessage()
			.content()
			.get(0)
			.asText()
			.text();
	}

}
