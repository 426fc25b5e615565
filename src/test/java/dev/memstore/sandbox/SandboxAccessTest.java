package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import dev.memstore.support.MemstoreIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where an agent may write: only inside a read-write mount of a live store, never through
 * {@code ..} out of a mount, never outside {@code /mnt/memory}; a refused write leaves
 * every store as it was, and the API's rules surface as tool errors.
 */
@MemstoreIntegrationTest
class SandboxAccessTest extends SandboxTestSupport {

	@Test
	void aReadOnlyMountRefusesEveryKindOfWrite() {
		Mount docs = mount("Docs", true);
		Mount notes = mount("Notes", false);
		memory(docs, "/guide.md", "read me\n");
		memory(docs, "/dir/x.md", "x");
		memory(notes, "/mine.md", "mine");

		List<ToolResult> results = List.of(run("write", Map.of("file_path", "/mnt/memory/docs/new.md", "content", "x")),
				run("write", Map.of("file_path", "/mnt/memory/docs/guide.md", "content", "x")),
				run("edit",
						Map.of("file_path", "/mnt/memory/docs/guide.md", "old_string", "read", "new_string", "write")),
				bash("echo x > /mnt/memory/docs/new.md"), bash("echo x >> /mnt/memory/docs/guide.md"),
				bash("rm /mnt/memory/docs/guide.md"), bash("rm -rf /mnt/memory/docs/dir"),
				bash("mv /mnt/memory/docs/guide.md /mnt/memory/docs/moved.md"),
				bash("mv /mnt/memory/docs/guide.md /mnt/memory/notes/"),
				bash("mv /mnt/memory/notes/mine.md /mnt/memory/docs/"),
				bash("cp /mnt/memory/notes/mine.md /mnt/memory/docs/copy.md"), bash("touch /mnt/memory/docs/t.md"),
				bash("mkdir -p /mnt/memory/docs/sub"), bash("cat > /mnt/memory/docs/h.md <<'EOF'\nbody\nEOF"));

		assertThat(results).allSatisfy((result) -> {
			assertThat(result.isError()).as(result.text()).isTrue();
			assertThat(result.text()).contains("Read-only file system");
		});
		assertThat(contents(docs)).containsExactly(Map.entry("/dir/x.md", "x"), Map.entry("/guide.md", "read me\n"));
		assertThat(contents(notes)).containsExactly(Map.entry("/mine.md", "mine"));
		assertThat(versions(docs)).hasSize(2);
		assertThat(versions(notes)).hasSize(1);
	}

	@Test
	void anArchivedStoreIsReadOnly() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "a");
		this.client.beta().memoryStores().archive(notes.memoryStoreId());

		ToolResult write = run("write", Map.of("file_path", "/mnt/memory/notes/b.md", "content", "b"));
		ToolResult remove = bash("rm /mnt/memory/notes/a.md");

		assertThat(write.text()).contains("Read-only file system").contains("archived");
		assertThat(remove.text()).contains("Read-only file system").contains("archived");
		assertThat(contents(notes)).containsExactly(Map.entry("/a.md", "a"));
		assertThat(bash("cat /mnt/memory/notes/a.md").text()).isEqualTo("a");
	}

	@Test
	void aDeletedStoreReadsEmptyAndRefusesWrites() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "a");
		this.client.beta().memoryStores().delete(notes.memoryStoreId());

		assertThat(bash("ls /mnt/memory/notes").text()).isEmpty();
		assertThat(bash("ls /mnt/memory").text()).isEqualTo("notes");
		assertThat(run("read", Map.of("file_path", "/mnt/memory/notes/a.md")).text())
			.contains("No such file or directory");
		ToolResult write = run("write", Map.of("file_path", "/mnt/memory/notes/b.md", "content", "b"));
		assertThat(write.isError()).isTrue();
		assertThat(write.text()).contains("no longer exists");
	}

	@Test
	void aStoreOfAnotherWorkspaceIsNotReachable() {
		Mount notes = mount("Notes", false);
		memory(notes, "/secret.md", "secret");
		String otherWorkspace = dev.memstore.support.TestWorkspaces.create(this.port).id();

		ToolResult read = this.sandbox.execute(otherWorkspace, this.sessionId, this.mounts, "read",
				Map.of("file_path", "/mnt/memory/notes/secret.md"));
		ToolResult write = this.sandbox.execute(otherWorkspace, this.sessionId, this.mounts, "write",
				Map.of("file_path", "/mnt/memory/notes/x.md", "content", "x"));

		assertThat(read.text()).contains("No such file or directory");
		assertThat(write.isError()).isTrue();
		assertThat(contents(notes)).containsOnlyKeys("/secret.md");
	}

}
