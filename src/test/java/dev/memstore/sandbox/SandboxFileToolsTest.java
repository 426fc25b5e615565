package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import dev.memstore.support.Hashes;
import dev.memstore.support.MemstoreIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read, write, edit, glob and grep tools on mounted stores: every write is a memory
 * operation recorded as the session's, every read sees the store as the API does.
 */
@MemstoreIntegrationTest
class SandboxFileToolsTest extends SandboxTestSupport {

	@Test
	void writeCreatesAMemoryWhoseVersionNamesTheSession() {
		Mount notes = mount("Notes", false);

		ToolResult result = run("write",
				Map.of("file_path", "/mnt/memory/notes/people/maya.md", "content", "Maya prefers EU English.\n"));

		assertThat(result.isError()).isFalse();
		assertThat(result.text()).contains("Created /mnt/memory/notes/people/maya.md");
		assertThat(contents(notes)).containsExactly(Map.entry("/people/maya.md", "Maya prefers EU English.\n"));
		List<BetaManagedAgentsMemoryVersion> versions = versions(notes);
		assertThat(versions).hasSize(1);
		assertThat(versions.get(0).operation().asString()).isEqualTo("created");
		assertThat(versions.get(0).createdBy().orElseThrow().isSession()).isTrue();
		assertThat(versions.get(0).createdBy().orElseThrow().asSession().sessionId()).isEqualTo(this.sessionId);
	}

	@Test
	void writeOverAFileUpdatesTheSameMemory() {
		Mount notes = mount("Notes", false);
		BetaManagedAgentsMemory existing = memory(notes, "/todo.md", "old");

		ToolResult result = run("write", Map.of("file_path", "notes/todo.md", "content", "new"));

		assertThat(result.text()).startsWith("Updated /mnt/memory/notes/todo.md");
		assertThat(memories(notes).get("/todo.md").id()).isEqualTo(existing.id());
		assertThat(contents(notes)).containsExactly(Map.entry("/todo.md", "new"));
		assertThat(versions(notes).get(0).operation().asString()).isEqualTo("modified");
		assertThat(versions(notes).get(0).createdBy().orElseThrow().asSession().sessionId()).isEqualTo(this.sessionId);
	}

	@Test
	void editReplacesAUniqueStringWithTheReadContentAsPrecondition() {
		Mount notes = mount("Notes", false);
		BetaManagedAgentsMemory memory = memory(notes, "/prefs.md", "tea: green\ncoffee: black\n");

		ToolResult result = run("edit",
				Map.of("file_path", "/mnt/memory/notes/prefs.md", "old_string", "green", "new_string", "oolong"));

		assertThat(result.isError()).isFalse();
		assertThat(result.text()).isEqualTo("Edited /mnt/memory/notes/prefs.md: 1 replacement");
		assertThat(contents(notes)).containsEntry("/prefs.md", "tea: oolong\ncoffee: black\n");
		BetaManagedAgentsMemoryVersion head = versions(notes).get(0);
		assertThat(head.memoryId()).isEqualTo(memory.id());
		assertThat(head.operation().asString()).isEqualTo("modified");
		assertThat(head.contentSha256()).contains(Hashes.sha256("tea: oolong\ncoffee: black\n"));
		assertThat(head.createdBy().orElseThrow().asSession().sessionId()).isEqualTo(this.sessionId);
	}

	@Test
	void editOfAnAmbiguousOrMissingStringChangesNothing() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "x and x and x");

		ToolResult ambiguous = run("edit", Map.of("file_path", "notes/a.md", "old_string", "x", "new_string", "y"));
		ToolResult missing = run("edit", Map.of("file_path", "notes/a.md", "old_string", "z", "new_string", "y"));
		ToolResult noFile = run("edit", Map.of("file_path", "notes/b.md", "old_string", "x", "new_string", "y"));

		assertThat(ambiguous.isError()).isTrue();
		assertThat(ambiguous.text()).contains("occurs 3 times").contains("replace_all");
		assertThat(missing.isError()).isTrue();
		assertThat(missing.text()).contains("old_string was not found");
		assertThat(noFile.text()).contains("No such file or directory");
		assertThat(contents(notes)).containsExactly(Map.entry("/a.md", "x and x and x"));
		assertThat(versions(notes)).hasSize(1);
	}

	@Test
	void mountNotesDescribeEveryMount() {
		Mount notes = new Mount("memstore_1", "User Notes", "What the user told us", "/mnt/memory/user-notes", false,
				"Keep one file per person.");
		Mount docs = new Mount("memstore_2", "Docs", "", "/mnt/memory/docs", true, null);

		String text = this.sandbox.mountNotes(List.of(notes, docs));

		assertThat(text).contains("/mnt/memory/user-notes: \"User Notes\", read-write")
			.contains("Description: What the user told us")
			.contains("Instructions: Keep one file per person.")
			.contains("/mnt/memory/docs: \"Docs\", read-only");
		assertThat(text.substring(text.indexOf("/mnt/memory/docs:"))).doesNotContain("Description")
			.doesNotContain("Instructions");
		assertThat(this.sandbox.mountNotes(List.of())).isEmpty();
	}

}
