package dev.memstore.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.support.MemstoreIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A call runs on what the stores held, through its own changes, and writes nothing until
 * it is committed: so it holds no lock while it runs, and its changes are saved only if
 * what they change is still as the call saw it.
 */
@MemstoreIntegrationTest
class SandboxCommitTest extends SandboxTestSupport {

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void aPreparedCallHasWrittenNothingAndLocksNothingUntilItIsCommitted() throws Exception {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "a");

		SandboxService.PreparedCall call = prepare("bash",
				"echo new > /mnt/memory/notes/b.md && rm /mnt/memory/notes/a.md");

		assertThat(call.result().isError()).as(call.result().text()).isFalse();
		assertThat(call.changes().isEmpty()).isFalse();
		assertThat(contents(notes)).as("nothing written yet").containsOnlyKeys("/a.md");
		// Another writer of the same store is not held up by the call: it took no lock.
		CompletableFuture<BetaManagedAgentsMemory> other = CompletableFuture
			.supplyAsync(() -> memory(notes, "/c.md", "c"));
		assertThat(other.get(10, TimeUnit.SECONDS).path()).isEqualTo("/c.md");

		commit(call);

		assertThat(contents(notes)).containsOnlyKeys("/b.md", "/c.md").containsEntry("/b.md", "new\n");
		assertThat(versions(notes).get(0).createdBy().orElseThrow().asSession().sessionId()).isEqualTo(this.sessionId);
	}

	@Test
	void aMemoryChangedWhileTheCallRanIsNotOverwritten() {
		Mount notes = mount("Notes", false);
		BetaManagedAgentsMemory memory = memory(notes, "/todo.md", "one\n");

		SandboxService.PreparedCall call = prepare("bash", "echo two >> /mnt/memory/notes/todo.md");
		this.client.beta()
			.memoryStores()
			.memories()
			.update(memory.id(),
					MemoryUpdateParams.builder().memoryStoreId(notes.memoryStoreId()).content("one\nthree\n").build());

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit(call))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ApiErrorType.MEMORY_PRECONDITION_FAILED));
		assertThat(contents(notes)).containsEntry("/todo.md", "one\nthree\n");
	}

	@Test
	void aCallStoppedByItsBudgetChangesNothing() {
		Mount notes = mount("Notes", false);
		ToolBudget budget = ToolBudget.of(Duration.ofMinutes(1), null);
		budget.cancel("stopped for the test");

		SandboxService.PreparedCall call = this.sandbox.prepare(this.workspace.id(), this.mounts, "write",
				Map.of("file_path", "/mnt/memory/notes/a.md", "content", "a"), budget);

		assertThat(call.result().isError()).isTrue();
		assertThat(call.result().text()).isEqualTo("stopped for the test");
		assertThat(call.changes().isEmpty()).isTrue();
		commit(call);
		assertThat(contents(notes)).isEmpty();
	}

	@Test
	void aStoreArchivedWhileTheCallRanRefusesItsChanges() {
		Mount notes = mount("Notes", false);
		SandboxService.PreparedCall call = prepare("write",
				Map.of("file_path", "/mnt/memory/notes/a.md", "content", "a"));
		this.client.beta().memoryStores().archive(notes.memoryStoreId());

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit(call))
			.withMessageContaining("archived while the call ran");
		assertThat(contents(notes)).isEmpty();
	}

	private SandboxService.PreparedCall prepare(String tool, Map<String, Object> input) {
		return this.sandbox.prepare(this.workspace.id(), List.copyOf(this.mounts), tool, input,
				ToolBudget.of(SandboxService.DEFAULT_CALL_LIMIT, null));
	}

	private SandboxService.PreparedCall prepare(String tool, String command) {
		return prepare(tool, Map.of("command", command));
	}

	private void commit(SandboxService.PreparedCall call) {
		new TransactionTemplate(this.transactionManager)
			.executeWithoutResult((status) -> this.sandbox.commit(this.workspace.id(), this.sessionId, call.changes()));
	}

}
