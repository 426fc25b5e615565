package dev.memstore.dream;

import java.util.List;
import java.util.Map;

import com.anthropic.models.beta.dreams.BetaDream;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import com.anthropic.models.beta.dreams.BetaOutputBehaviorUpdateExisting;
import com.anthropic.models.beta.memorystores.memoryversions.MemoryVersionListParams;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dream through the official Java SDK, offline: created {@code pending}, it runs as a
 * session in the workspace and completes, writing its result into a new store that starts
 * as a copy of the input (or into the input store itself with {@code update_existing}).
 */
@MemstoreIntegrationTest
class DreamLifecycleTest extends DreamTestSupport {

	@Test
	void aDreamGoesFromPendingToCompletedAndWritesANewStoreLeavingTheInputAlone() {
		String input = newStore("Acme support");
		createMemory(input, "/notes/a.md", "# Shipping\nShips on Mondays.\n");
		createMemory(input, "/notes/b.md", "# Shipping\nShips on Mondays.\n");
		String session = sessionSaying(input, "Remember that I'm Maya from Acme Corp and I prefer email.");
		Map<String, String> inputBefore = contents(input);

		BetaDream created = create(dream(input, session).instructions("Keep it tidy."));

		assertThat(created.id()).startsWith("drm_");
		assertThat(created.status()).isEqualTo(BetaDreamStatus.PENDING);
		assertThat(created.outputs()).isEmpty();
		assertThat(created.usage().inputTokens()).isZero();
		assertThat(created.endedAt()).isEmpty();
		assertThat(created.model().id()).isEqualTo("memstore-offline");
		assertThat(created.instructions()).contains("Keep it tidy.");
		assertThat(created.outputBehavior().isCreateNew()).isTrue();

		BetaDream done = awaitStatus(created.id(), BetaDreamStatus.COMPLETED);
		assertThat(done.status()).isEqualTo(BetaDreamStatus.COMPLETED);
		assertThat(done.endedAt()).isPresent();
		assertThat(done.error()).isEmpty();
		assertThat(done.sessionId()).isPresent();
		assertThat(done.usage().inputTokens() + done.usage().outputTokens()).isZero();
		assertThat(done.outputs()).hasSize(1);
		String output = done.outputs().get(0).memoryStoreId();
		assertThat(output).isNotEqualTo(input);

		assertThat(contents(input)).as("create_new never touches the input store").isEqualTo(inputBefore);
		Map<String, String> result = contents(output);
		assertThat(result).containsKey("/notes/a.md").doesNotContainKey("/notes/b.md").containsKey("/_index.md");
		assertThat(result.get("/users/maya/profile.md")).startsWith("# Maya\n")
			.contains("Remember that I'm Maya from Acme Corp and I prefer email.");

		// Every write is a version by the dream's session; the copy says where it came
		// from.
		String sessionId = done.sessionId().get();
		var versions = this.client.beta()
			.memoryStores()
			.memoryVersions()
			.list(output, MemoryVersionListParams.builder().build())
			.autoPager()
			.stream()
			.toList();
		assertThat(versions).isNotEmpty()
			.allSatisfy((version) -> assertThat(version.createdBy().orElseThrow().asSession().sessionId())
				.isEqualTo(sessionId));
		JsonNode copies = this.api
			.memoryApi("GET", "/v1/memory_stores/" + output + "/memory_versions?limit=100", this.workspace.apiKey())
			.send()
			.json();
		assertThat(copies.path("data")
			.valueStream()
			.filter((version) -> version.path("copied_from").path("memory_store_id").asString().equals(input))
			.count()).as("one copied version per input memory").isEqualTo(2);
	}

	@Test
	void theDreamsSessionCanBeReadAndStreamedButTakesNoEvents() {
		String input = newStore("Notes");
		createMemory(input, "/a.md", "alpha\n");
		String session = sessionSaying(input, "hello");
		BetaDream done = awaitStatus(create(dream(input, session)).id(), BetaDreamStatus.COMPLETED);
		String dreamSession = done.sessionId().orElseThrow();

		var events = this.client.beta().sessions().events().list(dreamSession).autoPager().stream().toList();
		assertThat(events).anySatisfy((event) -> assertThat(event.isAgentToolUse()).isTrue());
		assertThat(events.get(events.size() - 1).isSessionStatusIdle()).isTrue();
		var retrieved = this.client.beta().sessions().retrieve(dreamSession);
		assertThat(retrieved.agent().id()).isEqualTo(DreamService.AGENT_ID);

		var refused = this.api
			.managedAgentsApi("POST", "/v1/sessions/" + dreamSession + "/events", this.workspace.apiKey())
			.json("{\"events\":[{\"type\":\"user.message\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}")
			.send();
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.errorMessage()).contains(done.id());
		var agentChange = this.api.managedAgentsApi("POST", "/v1/sessions/" + dreamSession, this.workspace.apiKey())
			.json("{\"agent\":{\"tools\":[]}}")
			.send();
		assertThat(agentChange.status()).isEqualTo(400);
		assertThat(agentChange.errorMessage()).contains("built-in agent");
		assertThat(this.client.beta().sessions().retrieve(dreamSession).agent().tools()).isNotEmpty();
	}

	@Test
	void anUpdateExistingDreamReorganizesTheInputStoreInPlace() {
		String input = newStore("In place");
		createMemory(input, "/x.md", "same\n");
		createMemory(input, "/y.md", "same\n");
		String session = sessionSaying(input, "hello");

		BetaDream created = create(dream(input, session)
			.outputBehavior(BetaOutputBehaviorUpdateExisting.builder().memoryStoreId(input).build()));
		assertThat(created.outputBehavior().asUpdateExisting().memoryStoreId()).isEqualTo(input);
		BetaDream done = awaitStatus(created.id(), BetaDreamStatus.COMPLETED);

		assertThat(done.outputs()).singleElement().satisfies((out) -> assertThat(out.memoryStoreId()).isEqualTo(input));
		assertThat(contents(input)).containsKey("/x.md").doesNotContainKey("/y.md").containsKey("/_index.md");
		assertThat(this.client.beta().memoryStores().list().autoPager().stream().toList()).as("no new store")
			.hasSize(1);
	}

	@Test
	void inputSessionIdsComeBackSorted() {
		String input = newStore("Sorted");
		String first = sessionSaying(input, "one");
		String second = sessionSaying(input, "two");

		BetaDream created = create(dream(input, second, first));

		assertThat(created.inputs().get(1).asSessions().sessionIds()).containsExactly(first, second);
		assertThat(created.inputs().get(0).asMemoryStore().memoryStoreId()).isEqualTo(input);
		awaitStatus(created.id(), BetaDreamStatus.COMPLETED);
		assertThat(List.of(first, second)).isSorted();
	}

}
