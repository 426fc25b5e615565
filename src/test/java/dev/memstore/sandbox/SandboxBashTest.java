package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memoryversions.BetaManagedAgentsMemoryVersion;
import dev.memstore.support.MemstoreIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bash subset on mounted stores: what each command prints, and which memory operation
 * each change becomes.
 */
@MemstoreIntegrationTest
class SandboxBashTest extends SandboxTestSupport {

	@Test
	void mvRenamesAFileKeepingItsId() {
		Mount notes = mount("Notes", false);
		BetaManagedAgentsMemory memory = memory(notes, "/draft.md", "text");

		ToolResult result = bash("mv /mnt/memory/notes/draft.md /mnt/memory/notes/final.md");

		assertThat(result.isError()).as(result.text()).isFalse();
		assertThat(memories(notes)).containsOnlyKeys("/final.md");
		assertThat(memories(notes).get("/final.md").id()).isEqualTo(memory.id());
		BetaManagedAgentsMemoryVersion rename = versions(notes).get(0);
		assertThat(rename.operation().asString()).isEqualTo("modified");
		assertThat(rename.path()).contains("/final.md");
		assertThat(rename.createdBy().orElseThrow().asSession().sessionId()).isEqualTo(this.sessionId);
	}

	@Test
	void mvOfADirectoryRenamesEveryMemoryBelowIt() {
		Mount notes = mount("Notes", false);
		BetaManagedAgentsMemory a = memory(notes, "/projects/a.md", "a");
		BetaManagedAgentsMemory b = memory(notes, "/projects/deep/b.md", "b");
		memory(notes, "/projects-old/c.md", "c");

		ToolResult result = bash("cd notes && mv projects archive/2026");

		assertThat(result.isError()).as(result.text()).isFalse();
		Map<String, BetaManagedAgentsMemory> after = memories(notes);
		assertThat(after).containsOnlyKeys("/archive/2026/a.md", "/archive/2026/deep/b.md", "/projects-old/c.md");
		assertThat(after.get("/archive/2026/a.md").id()).isEqualTo(a.id());
		assertThat(after.get("/archive/2026/deep/b.md").id()).isEqualTo(b.id());
	}

	@Test
	void mvIntoAnExistingDirectoryAndOverAFile() {
		Mount notes = mount("Notes", false);
		BetaManagedAgentsMemory a = memory(notes, "/a.md", "a");
		memory(notes, "/box/old.md", "old");
		memory(notes, "/b.md", "b");

		assertThat(bash("mv notes/a.md notes/box").isError()).isFalse();
		assertThat(bash("mv notes/b.md notes/box/old.md").isError()).isFalse();

		assertThat(contents(notes)).containsExactly(Map.entry("/box/a.md", "a"), Map.entry("/box/old.md", "b"));
		assertThat(memories(notes).get("/box/a.md").id()).isEqualTo(a.id());
	}

	@Test
	void mvBetweenStoresCreatesInOneAndDeletesFromTheOther() {
		Mount notes = mount("Notes", false);
		Mount archive = mount("Archive", false);
		memory(notes, "/a.md", "a");

		ToolResult result = bash("mv /mnt/memory/notes/a.md /mnt/memory/archive/");

		assertThat(result.isError()).as(result.text()).isFalse();
		assertThat(contents(notes)).isEmpty();
		assertThat(contents(archive)).containsExactly(Map.entry("/a.md", "a"));
	}

	@Test
	void rmDeletesFilesAndWithRDirectories() {
		Mount notes = mount("Notes", false);
		BetaManagedAgentsMemory a = memory(notes, "/a.md", "a");
		memory(notes, "/dir/b.md", "b");
		memory(notes, "/dir/sub/c.md", "c");
		memory(notes, "/keep.md", "k");

		assertThat(bash("rm notes/a.md").isError()).isFalse();
		assertThat(bash("rm notes/dir").text()).contains("Is a directory");
		assertThat(bash("rm -rf notes/dir notes/never-there.md").isError()).isFalse();
		assertThat(bash("rm notes/never-there.md").text()).contains("No such file or directory");

		assertThat(contents(notes)).containsOnlyKeys("/keep.md");
		List<BetaManagedAgentsMemoryVersion> deletions = versions(notes).stream()
			.filter((version) -> version.operation().asString().equals("deleted"))
			.toList();
		assertThat(deletions).hasSize(3);
		assertThat(deletions)
			.allSatisfy((version) -> assertThat(version.createdBy().orElseThrow().asSession().sessionId())
				.isEqualTo(this.sessionId));
		assertThat(deletions).anySatisfy((version) -> assertThat(version.memoryId()).isEqualTo(a.id()));
	}

	@Test
	void echoAndHereDocumentsWriteFiles() {
		Mount notes = mount("Notes", false);

		assertThat(bash("echo 'first line' > /mnt/memory/notes/log.md && echo second >> notes/log.md").isError())
			.isFalse();
		assertThat(bash("cat > /mnt/memory/notes/plan.md <<'EOF'\n# Plan\n- ship $it\nEOF").isError()).isFalse();
		assertThat(bash("printf '%s=%d\\n' a 1 b 2 > notes/kv.txt").isError()).isFalse();

		assertThat(contents(notes)).containsExactly(Map.entry("/kv.txt", "a=1\nb=2\n"),
				Map.entry("/log.md", "first line\nsecond\n"), Map.entry("/plan.md", "# Plan\n- ship $it\n"));
		assertThat(versions(notes))
			.allSatisfy((version) -> assertThat(version.createdBy().orElseThrow().asSession().sessionId())
				.isEqualTo(this.sessionId));
	}

}
