package dev.memstore.dream;

import java.util.Map;

import com.anthropic.models.beta.dreams.BetaDream;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import com.anthropic.models.beta.dreams.BetaOutputBehaviorUpdateExisting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.memory.Actor;
import dev.memstore.memory.MemoryService;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.TestWorkspaces;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Adopting a dream's result ({@link DreamService#adopt}): only a completed
 * {@code create_new} dream whose output store exists is adopted, and only into an input
 * store that exists and is not archived; adopting changes the input store alone.
 */
@MemstoreIntegrationTest
class DreamAdoptTest extends DreamTestSupport {

	private static final Actor ADMIN = Actor.user("user_admin");

	@Autowired
	DreamService dreams;

	String input;

	String session;

	@BeforeEach
	void aStoreWithADuplicateAndASession() {
		this.input = newStore("Adopted");
		createMemory(this.input, "/notes/a.md", "Ships on Mondays.\n");
		createMemory(this.input, "/notes/b.md", "Ships on Mondays.\n");
		this.session = sessionSaying(this.input, "hello");
	}

	@Test
	void adoptMakesTheInputHoldTheOutputAndLeavesTheDreamAndItsOutputAsTheyAre() {
		BetaDream done = awaitStatus(create(dream(this.input, this.session)).id(), BetaDreamStatus.COMPLETED);
		String output = done.outputs().get(0).memoryStoreId();
		Map<String, String> result = contents(output);
		Dream before = this.dreams.get(this.workspace.id(), done.id());

		MemoryService.MirrorResult adopted = this.dreams.adopt(this.workspace.id(), done.id(), ADMIN);

		assertThat(adopted).as("the index is created, the duplicate deleted")
			.isEqualTo(new MemoryService.MirrorResult(1, 0, 1));
		assertThat(contents(this.input)).isEqualTo(result);
		assertThat(contents(output)).isEqualTo(result);
		assertThat(this.dreams.get(this.workspace.id(), done.id())).isEqualTo(before);
		assertThat(this.dreams.adopt(this.workspace.id(), done.id(), ADMIN)).as("adopting again changes nothing")
			.isEqualTo(new MemoryService.MirrorResult(0, 0, 0));
	}

	@Test
	void adoptWhenTheDreamIsNotCompletedIsRefused() {
		BetaDream canceled = this.client.beta().dreams().cancel(create(dream(this.input, this.session)).id());

		assertRefused(canceled.id(), "dream " + canceled.id() + " is canceled; only a completed dream can be adopted");
	}

	@Test
	void adoptWhenTheDreamUpdatedItsInputStoreIsRefused() {
		BetaDream done = awaitStatus(
				create(dream(this.input, this.session)
					.outputBehavior(BetaOutputBehaviorUpdateExisting.builder().memoryStoreId(this.input).build())).id(),
				BetaDreamStatus.COMPLETED);

		assertRefused(done.id(), "only a create_new dream has a separate result to adopt");
	}

	@Test
	void adoptWhenTheOutputStoreWasDeletedIsRefused() {
		BetaDream done = awaitStatus(create(dream(this.input, this.session)).id(), BetaDreamStatus.COMPLETED);
		String output = done.outputs().get(0).memoryStoreId();
		this.client.beta().memoryStores().delete(output);

		assertRefused(done.id(), "the output store " + output + " of dream " + done.id() + " was deleted");
	}

	@Test
	void adoptWhenTheInputStoreIsArchivedOrDeletedIsRefused() {
		BetaDream done = awaitStatus(create(dream(this.input, this.session)).id(), BetaDreamStatus.COMPLETED);
		Map<String, String> before = contents(this.input);
		this.client.beta().memoryStores().archive(this.input);

		assertRefused(done.id(), "the input store " + this.input + " of dream " + done.id() + " is archived");
		assertThat(contents(this.input)).isEqualTo(before);

		this.client.beta().memoryStores().delete(this.input);
		assertRefused(done.id(), "the input store " + this.input + " of dream " + done.id() + " was deleted");
	}

	@Test
	void adoptOfAnotherWorkspacesDreamIsNotFound() {
		BetaDream done = awaitStatus(create(dream(this.input, this.session)).id(), BetaDreamStatus.COMPLETED);
		String elsewhere = TestWorkspaces.create(this.port).id();

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.dreams.adopt(elsewhere, done.id(), ADMIN))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ApiErrorType.NOT_FOUND));
	}

	private void assertRefused(String dreamId, String message) {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.dreams.adopt(this.workspace.id(), dreamId, ADMIN))
			.withMessageContaining(message)
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ApiErrorType.INVALID_REQUEST));
	}

}
