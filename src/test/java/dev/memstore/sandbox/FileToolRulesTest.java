package dev.memstore.sandbox;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file tools' rules on stores held in memory: what read, write, edit, glob and grep
 * answer and change.
 */
class FileToolRulesTest extends InMemorySandboxSupport {

	@Test
	void writeOntoADirectoryIsRefused() {
		Mount notes = mount("Notes", false);
		memory(notes, "/projects/a.md", "a");

		assertThat(run("write", Map.of("file_path", "/mnt/memory/notes/projects", "content", "x")))
			.satisfies((result) -> assertThat(result.isError()).isTrue())
			.satisfies((result) -> assertThat(result.text()).contains("Is a directory"));
		assertThat(run("write", Map.of("file_path", "/mnt/memory/notes", "content", "x")).text())
			.contains("Is a directory");
		assertThat(contents(notes)).containsOnlyKeys("/projects/a.md");
	}

	@Test
	void readNumbersLinesLikeCatN() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "first\nsecond\nthird\n");

		ToolResult result = run("read", Map.of("file_path", "/mnt/memory/notes/a.md"));

		assertThat(result.isError()).isFalse();
		assertThat(result.text()).isEqualTo("     1\tfirst\n     2\tsecond\n     3\tthird");
	}

	@Test
	void readHonoursOffsetLimitAndViewRange() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "l1\nl2\nl3\nl4\nl5");

		assertThat(run("read", Map.of("file_path", "notes/a.md", "offset", 2, "limit", 2)).text())
			.isEqualTo("     2\tl2\n     3\tl3\n… (2 more lines; read on with offset=4)");
		assertThat(run("read", Map.of("file_path", "notes/a.md", "view_range", List.of(4, -1))).text())
			.isEqualTo("     4\tl4\n     5\tl5");
		assertThat(run("read", Map.of("file_path", "notes/a.md", "offset", 9)).text()).contains("has 5 lines");
		assertThat(run("read", Map.of("file_path", "notes/a.md", "limit", "x")).text())
			.isEqualTo("limit must be an integer");
	}

	@Test
	void readOfADirectoryListsIt() {
		Mount notes = mount("Notes", false);
		mount("Docs", true);
		memory(notes, "/a.md", "a");
		memory(notes, "/projects/b.md", "b");

		assertThat(run("read", Map.of("file_path", "/mnt/memory/notes")).text())
			.isEqualTo("/mnt/memory/notes/\n  a.md\n  projects/");
		assertThat(run("read", Map.of("file_path", "/mnt/memory")).text()).isEqualTo("/mnt/memory/\n  docs/\n  notes/");
		assertThat(run("read", Map.of("file_path", "/mnt/memory/docs")).text()).contains("empty directory");
	}

	@Test
	void readOfAMissingFileIsNoSuchFile() {
		mount("Notes", false);

		for (String path : List.of("/mnt/memory/notes/missing.md", "/etc/passwd", "/mnt/memory/other/x.md",
				"/mnt/memory/notes/\u0007bell")) {
			ToolResult result = run("read", Map.of("file_path", path));
			assertThat(result.isError()).isTrue();
			assertThat(result.text()).contains("No such file or directory");
		}
	}

	@Test
	void editWithReplaceAllReplacesEveryOccurrence() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "x and x and x");

		ToolResult result = run("edit",
				Map.of("file_path", "notes/a.md", "old_string", "x", "new_string", "$1\\", "replace_all", true));

		assertThat(result.text()).isEqualTo("Edited /mnt/memory/notes/a.md: 3 replacements");
		assertThat(contents(notes)).containsExactly(Map.entry("/a.md", "$1\\ and $1\\ and $1\\"));
	}

	@Test
	void globMatchesFilesByPatternAndAnswersAbsolutePaths() {
		Mount notes = mount("Notes", false);
		Mount docs = mount("Docs", true);
		memory(notes, "/a.md", "a");
		memory(notes, "/deep/er/b.md", "b");
		memory(notes, "/c.txt", "c");
		memory(docs, "/d.md", "d");

		assertThat(lines(run("glob", Map.of("pattern", "**/*.md")))).containsExactlyInAnyOrder("/mnt/memory/notes/a.md",
				"/mnt/memory/notes/deep/er/b.md", "/mnt/memory/docs/d.md");
		assertThat(lines(run("glob", Map.of("pattern", "*.{md,txt}", "path", "/mnt/memory/notes"))))
			.containsExactlyInAnyOrder("/mnt/memory/notes/a.md", "/mnt/memory/notes/c.txt");
		assertThat(lines(run("glob", Map.of("pattern", "/mnt/memory/notes/**/?.md"))))
			.containsExactlyInAnyOrder("/mnt/memory/notes/a.md", "/mnt/memory/notes/deep/er/b.md");
		assertThat(run("glob", Map.of("pattern", "*.json")).text()).isEqualTo("No files found");
		assertThat(run("glob", Map.of("pattern", "../*")).isError()).isTrue();
	}

	@Test
	void grepFindsFilesLinesAndCounts() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "alpha\nBeta\ngamma beta\n");
		memory(notes, "/b.txt", "beta only\n");
		memory(notes, "/c.md", "nothing here\n");

		assertThat(run("grep", Map.of("pattern", "beta")).text()).startsWith("Found 2 files\n")
			.contains("/mnt/memory/notes/a.md", "/mnt/memory/notes/b.txt");
		assertThat(run("grep",
				Map.of("pattern", "beta", "-i", true, "output_mode", "content", "path", "/mnt/memory/notes", "glob",
						"*.md"))
			.text()).isEqualTo("/mnt/memory/notes/a.md:2:Beta\n/mnt/memory/notes/a.md:3:gamma beta");
		assertThat(run("grep", Map.of("pattern", "^gamma", "output_mode", "content", "-B", 1, "-n", false)).text())
			.isEqualTo("/mnt/memory/notes/a.md-Beta\n/mnt/memory/notes/a.md:gamma beta");
		assertThat(run("grep", Map.of("pattern", "[Bb]eta", "output_mode", "count")).text())
			.startsWith("/mnt/memory/notes/a.md:2\n/mnt/memory/notes/b.txt:1\n\nFound 3 matching lines in 2 files");
		assertThat(run("grep", Map.of("pattern", "zeta")).text()).isEqualTo("No files found");
		assertThat(run("grep", Map.of("pattern", "alpha\\nBeta", "multiline", true, "output_mode", "content")).text())
			.isEqualTo("/mnt/memory/notes/a.md:1:alpha\n/mnt/memory/notes/a.md:2:Beta");
		ToolResult invalid = run("grep", Map.of("pattern", "(unclosed"));
		assertThat(invalid.isError()).isTrue();
		assertThat(invalid.text()).isEqualTo("invalid regular expression: missing closing ): (unclosed");
	}

	@Test
	void missingOrMistypedInputsAreNamed() {
		mount("Notes", false);

		assertThat(run("read", Map.of()).text()).isEqualTo("file_path is required");
		assertThat(run("write", Map.of("file_path", "/mnt/memory/notes/a.md")).text()).isEqualTo("content is required");
		assertThat(run("write", Map.of("file_path", 7, "content", "x")).text()).isEqualTo("file_path must be a string");
		assertThat(run("edit", Map.of("file_path", "a", "old_string", "x", "new_string", "y", "replace_all", "yes"))
			.text()).isEqualTo("replace_all must be true or false");
		assertThat(run("grep", Map.of("pattern", "x", "output_mode", "lines")).text()).contains("output_mode must be");
		assertThat(run("bash", Map.of()).text()).isEqualTo("command is required");
		assertThat(run("bash", Map.of("restart", true)).isError()).isFalse();
		assertThat(run("web_fetch", Map.of("url", "x")).text()).contains("unknown tool 'web_fetch'");
		java.util.HashMap<String, Object> nullInput = new java.util.HashMap<>();
		nullInput.put("file_path", null);
		assertThat(run("read", nullInput).text()).isEqualTo("file_path is required");
	}

	private static List<String> lines(ToolResult result) {
		assertThat(result.isError()).as(result.text()).isFalse();
		return List.of(result.text().split("\n"));
	}

}
