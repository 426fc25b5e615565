package dev.memstore.memory;

import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Looking a memory up by its path, as the mounted view of a session does.
 */
@MemstoreIntegrationTest
class MemoryFindByPathTest extends StoreTestSupport {

	@Autowired
	MemoryService memories;

	@Test
	void findByPathReturnsTheMemoryAtExactlyThatPath() {
		BetaManagedAgentsMemory created = create("/notes/todo.md", "buy milk");

		Memory full = this.memories.findByPath(this.workspace.id(), this.storeId, "/notes/todo.md", MemoryView.FULL)
			.orElseThrow();
		Memory basic = this.memories.findByPath(this.workspace.id(), this.storeId, "/notes/todo.md", MemoryView.BASIC)
			.orElseThrow();

		assertThat(full.id()).isEqualTo(created.id());
		assertThat(full.content()).isEqualTo("buy milk");
		assertThat(basic.content()).isNull();
		assertThat(basic.contentSha256()).isEqualTo(created.contentSha256());
	}

	@Test
	void findByPathOfADirectoryOrAnUnknownPathIsEmpty() {
		create("/notes/todo.md", "buy milk");

		assertThat(this.memories.findByPath(this.workspace.id(), this.storeId, "/notes", MemoryView.FULL)).isEmpty();
		assertThat(this.memories.findByPath(this.workspace.id(), this.storeId, "/notes/TODO.md", MemoryView.FULL))
			.isEmpty();
	}

	@Test
	void findByPathFollowsRenames() {
		BetaManagedAgentsMemory created = create("/old.md", "x");
		update(created.id(), MemoryUpdateParams.builder().path("/new.md"));

		assertThat(this.memories.findByPath(this.workspace.id(), this.storeId, "/old.md", MemoryView.BASIC)).isEmpty();
		assertThat(this.memories.findByPath(this.workspace.id(), this.storeId, "/new.md", MemoryView.BASIC))
			.hasValueSatisfying((memory) -> assertThat(memory.id()).isEqualTo(created.id()));
	}

	@Test
	void findByPathInAStoreOfAnotherWorkspaceIsNotFound() {
		create("/a.md", "x");
		TestWorkspaces.Workspace other = TestWorkspaces.create(this.port);

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.memories.findByPath(other.id(), this.storeId, "/a.md", MemoryView.FULL))
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo(ApiErrorType.NOT_FOUND));
	}

}
