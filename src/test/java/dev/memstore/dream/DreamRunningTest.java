package dev.memstore.dream;

import java.util.Map;

import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ConflictException;
import com.anthropic.models.beta.dreams.BetaDream;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import com.anthropic.models.beta.dreams.BetaOutputBehaviorUpdateExisting;
import org.junit.jupiter.api.Test;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.memory.Actor;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Dreams caught while they run: the offline agent pauses before each step, so that a
 * dream with a few steps runs for seconds.
 */
@MemstoreIntegrationTest
@TestPropertySource(properties = "memstore.runtime.offline-step-delay=700ms")
class DreamRunningTest extends DreamTestSupport {

	@Autowired
	DreamService dreams;

	@Test
	void cancelStopsARunningDreamAtItsNextStepAndKeepsWhatItWrote() {
		String input = newStore("Busy");
		for (int i = 0; i < 6; i++) {
			createMemory(input, "/dup/" + i + ".md", "the same line\n");
		}
		String session = sessionSaying(input, "hello");
		BetaDream running = awaitStatus(create(dream(input, session)).id(), BetaDreamStatus.RUNNING);
		String output = await().atMost(DREAM_TIMEOUT)
			.until(() -> this.client.beta().dreams().retrieve(running.id()), (dream) -> !dream.outputs().isEmpty())
			.outputs()
			.get(0)
			.memoryStoreId();

		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.beta().dreams().archive(running.id()))
			.withMessageContaining("cancel it before archiving");
		BetaDream canceled = this.client.beta().dreams().cancel(running.id());

		assertThat(canceled.status()).isEqualTo(BetaDreamStatus.CANCELED);
		assertThat(canceled.endedAt()).isPresent();
		assertThat(this.client.beta().dreams().cancel(running.id()).status()).as("canceling again changes nothing")
			.isEqualTo(BetaDreamStatus.CANCELED);
		String sessionId = canceled.sessionId().orElseThrow();
		await().atMost(DREAM_TIMEOUT)
			.until(() -> this.client.beta().sessions().retrieve(sessionId).status().toString().equals("idle"));
		Map<String, String> kept = contents(output);
		assertThat(kept).as("the copy stays; the index, the last step, was never written")
			.containsKey("/dup/0.md")
			.doesNotContainKey("/_index.md");
		assertThat(this.client.beta().dreams().retrieve(running.id()).status()).isEqualTo(BetaDreamStatus.CANCELED);
		assertThat(this.client.beta().dreams().archive(running.id()).archivedAt()).isPresent();
	}

	@Test
	void anotherUpdateExistingDreamOfTheSameStoreIsAConflictUntilTheFirstHasFullyStopped() {
		String input = newStore("Held");
		for (int i = 0; i < 4; i++) {
			createMemory(input, "/dup/" + i + ".md", "same\n");
		}
		String session = sessionSaying(input, "hello");
		BetaOutputBehaviorUpdateExisting inPlace = BetaOutputBehaviorUpdateExisting.builder()
			.memoryStoreId(input)
			.build();
		BetaDream first = create(dream(input, session).outputBehavior(inPlace));

		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> create(dream(input, session).outputBehavior(inPlace)))
			.withMessageContaining(first.id());
		RawApi.Response raw = dreamsApi("POST", "/v1/dreams",
				"{\"model\":\"memstore-offline\",\"inputs\":[{\"type\":\"memory_store\",\"memory_store_id\":\"" + input
						+ "\"},{\"type\":\"sessions\",\"session_ids\":[\"" + session
						+ "\"]}],\"output_behavior\":{\"type\":\"update_existing\",\"memory_store_id\":\"" + input
						+ "\"}}");
		assertThat(raw.status()).isEqualTo(409);
		assertThat(raw.errorType()).isEqualTo("conflict_error");
		assertThat(raw.header("x-should-retry")).isEqualTo("false");
		assertThat(create(dream(input, session)).status()).as("a create_new dream of the store is not held")
			.isEqualTo(BetaDreamStatus.PENDING);

		awaitStatus(first.id(), BetaDreamStatus.RUNNING);
		this.client.beta().dreams().cancel(first.id());
		String firstSession = await().atMost(DREAM_TIMEOUT)
			.until(() -> this.client.beta().dreams().retrieve(first.id()).sessionId(), (id) -> id.isPresent())
			.get();
		await().atMost(DREAM_TIMEOUT)
			.until(() -> this.client.beta().sessions().retrieve(firstSession).status().toString().equals("idle"));

		BetaDream next = await().atMost(DREAM_TIMEOUT)
			.ignoreException(ConflictException.class)
			.until(() -> create(dream(input, session).outputBehavior(inPlace)), (dream) -> dream != null);
		assertThat(next.id()).isNotEqualTo(first.id());
		awaitStatus(next.id(), BetaDreamStatus.COMPLETED);
	}

	@Test
	void adoptingIntoAStoreThatAnUpdateExistingDreamHoldsIsAConflict() {
		String input = newStore("Adopt held");
		createMemory(input, "/a.md", "same\n");
		createMemory(input, "/b.md", "same\n");
		String session = sessionSaying(input, "hello");
		BetaDream done = awaitStatus(create(dream(input, session)).id(), BetaDreamStatus.COMPLETED);
		BetaDream holding = create(dream(input, session)
			.outputBehavior(BetaOutputBehaviorUpdateExisting.builder().memoryStoreId(input).build()));
		Map<String, String> before = contents(input);

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.dreams.adopt(this.workspace.id(), done.id(), Actor.user("user_admin")))
			.withMessageContaining(holding.id())
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ApiErrorType.CONFLICT));
		assertThat(contents(input)).isEqualTo(before);
		this.client.beta().dreams().cancel(holding.id());
	}

	@Test
	void aDreamCanceledWhilePendingNeverRuns() {
		String input = newStore("Never");
		createMemory(input, "/a.md", "a\n");
		String session = sessionSaying(input, "hello");

		BetaDream dream = create(dream(input, session));
		BetaDream canceled = this.client.beta().dreams().cancel(dream.id());

		assertThat(canceled.status()).isEqualTo(BetaDreamStatus.CANCELED);
		await().during(java.time.Duration.ofSeconds(2))
			.atMost(java.time.Duration.ofSeconds(5))
			.until(() -> this.client.beta().dreams().retrieve(dream.id()).status(),
					(status) -> status.equals(BetaDreamStatus.CANCELED));
	}

}
