package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a mount lets an agent reach, on stores held in memory: read-only mounts, paths
 * outside the mounts, '..', the API's path and size rules.
 */
class AccessRulesTest extends InMemorySandboxSupport {

	@Test
	void aReadOnlyMountCanBeRead() {
		Mount docs = mount("Docs", true);
		memory(docs, "/guide.md", "read me\n");

		assertThat(run("read", Map.of("file_path", "/mnt/memory/docs/guide.md")).text()).isEqualTo("     1\tread me");
		assertThat(bash("cat /mnt/memory/docs/guide.md && ls -l /mnt/memory/docs").text()).startsWith("read me\n")
			.contains("-r--r--r-- 1 agent agent 8 ");
	}

	@Test
	void writesOutsideTheMountsAreReadOnly() {
		mount("Notes", false);

		for (String path : List.of("/tmp/x.md", "/etc/passwd", "/mnt/memory/x.md", "/mnt/memory/other/x.md", "x.md",
				"/mnt/memory")) {
			ToolResult result = run("write", Map.of("file_path", path, "content", "x"));
			assertThat(result.isError()).isTrue();
			assertThat(result.text()).contains("Read-only file system");
		}
		assertThat(bash("echo x > /tmp/x").text()).contains("Read-only file system");
		assertThat(bash("rm -rf /mnt/memory").text()).contains("Read-only file system");
		assertThat(bash("mkdir /mnt/memory/new-store").text()).contains("Read-only file system");
		assertThat(bash("cat /etc/passwd").text()).contains("No such file or directory");
		assertThat(bash("ls /").text()).contains("No such file or directory");
	}

	@Test
	void dotDotNeverLeavesAMount() {
		Mount notes = mount("Notes", false);
		Mount docs = mount("Docs", false);
		memory(notes, "/a.md", "a");

		List<ToolResult> results = List.of(
				run("write", Map.of("file_path", "/mnt/memory/notes/../docs/x.md", "content", "x")),
				run("write", Map.of("file_path", "/mnt/memory/notes/sub/../../docs/x.md", "content", "x")),
				run("read", Map.of("file_path", "/mnt/memory/notes/../../../etc/passwd")),
				run("edit", Map.of("file_path", "notes/../docs/a.md", "old_string", "a", "new_string", "b")),
				bash("cp /mnt/memory/notes/a.md /mnt/memory/notes/../docs/a.md"),
				bash("cd /mnt/memory/notes && cat ../../etc/passwd"), bash("ls /mnt/memory/notes/.."));

		assertThat(results).allSatisfy((result) -> {
			assertThat(result.isError()).as(result.text()).isTrue();
			assertThat(result.text()).contains("cannot leave the memory store mounted at /mnt/memory/notes");
		});
		assertThat(contents(docs)).isEmpty();
		assertThat(run("read", Map.of("file_path", "/mnt/memory/notes/sub/../a.md")).text()).isEqualTo("     1\ta");
	}

	@Test
	void contentOverTheLimitIsAToolErrorAndWritesNothing() {
		Mount notes = mount("Notes", false);
		memory(notes, "/big.md", "x");

		ToolResult tooBig = run("write",
				Map.of("file_path", "/mnt/memory/notes/new.md", "content", "é".repeat(51_200) + "!"));
		ToolResult growTooBig = run("edit",
				Map.of("file_path", "/mnt/memory/notes/big.md", "old_string", "x", "new_string", "y".repeat(102_401)));
		ToolResult fits = run("write", Map.of("file_path", "/mnt/memory/notes/fits.md", "content", "é".repeat(51_200)));

		assertThat(tooBig.isError()).isTrue();
		assertThat(tooBig.text()).contains("/mnt/memory/notes/new.md").contains("102401 bytes").contains("102400");
		assertThat(growTooBig.isError()).isTrue();
		assertThat(growTooBig.text()).contains("102400");
		assertThat(fits.isError()).isFalse();
		assertThat(contents(notes)).containsOnlyKeys("/big.md", "/fits.md").containsEntry("/big.md", "x");
	}

	@Test
	void pathRulesOfTheApiSurfaceAsToolErrors() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "a");

		ToolResult control = run("write", Map.of("file_path", "/mnt/memory/notes/bell\u0007.md", "content", "x"));
		ToolResult belowFile = run("write", Map.of("file_path", "/mnt/memory/notes/a.md/b.md", "content", "x"));
		ToolResult deep = run("write",
				Map.of("file_path", "/mnt/memory/notes/" + "d/".repeat(20) + "x.md", "content", "x"));

		assertThat(control.text()).contains("control");
		assertThat(belowFile.text()).contains("Not a directory", "/mnt/memory/notes/a.md is a file");
		assertThat(deep.text()).contains("at most 20");
		assertThat(contents(notes)).containsOnlyKeys("/a.md");
	}

}
