package dev.memstore.sandbox;

import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each input that once stopped a turn worker (a stack overflow, the heap filled, a match
 * that never ended) now ends its call quickly, with a tool error naming the bound or with
 * the right answer. The tools' rules do not depend on where memories are stored: these
 * run on stores held in memory (drill D8 sends the same inputs to the packaged jar).
 */
class SandboxBoundsTest extends InMemorySandboxSupport {

	private static final String MANY_STARS = "*a*a*a*a*a*a*a*a*a*a*a*a*b";

	@Test
	void aRegexThatRecursedPerCharacterAnswersOnASmallStack() {
		Mount notes = mount("Notes", false);
		memory(notes, "/big.md", "a".repeat(90_000));

		ToolResult tool = onSmallStack(() -> run("grep", Map.of("pattern", "(a|b)*c")));
		ToolResult shell = onSmallStack(() -> bash("grep -cE '(a|b)*c' notes/big.md"));
		ToolResult basic = onSmallStack(() -> bash("grep -c '\\(a\\|b\\)*c' notes/big.md"));

		assertThat(tool.isError()).isFalse();
		assertThat(tool.text()).isEqualTo("No files found");
		assertThat(shell.text()).isEqualTo("0");
		assertThat(basic.text()).isEqualTo("0");
	}

	@Test
	void deeplyNestedBracesEndTheCallWithTheBound() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "a");
		String braces = "{a,".repeat(20_000);

		ToolResult glob = run("glob", Map.of("pattern", braces));
		ToolResult ls = bash("ls notes/" + braces + " || echo 'went on'");
		ToolResult nested = run("glob", Map.of("pattern", "{a,".repeat(40) + "b" + "}".repeat(40)));

		assertThat(glob.isError()).isTrue();
		assertThat(glob.text()).isEqualTo("glob pattern too long: 60000 characters, the sandbox allows 4000");
		assertThat(ls.isError()).isTrue();
		assertThat(ls.text()).startsWith("glob pattern too long: ");
		assertThat(nested.text())
			.isEqualTo("glob pattern nests {...} alternatives more than 32 deep, the sandbox's limit");
	}

	@Test
	void hugePrintfWidthsAreRefusedBeforeAnythingIsAllocated() {
		mount("Notes", false);

		ToolResult width = bash("printf %2000000000s%2000000000s x y | wc -c");
		ToolResult precision = bash("printf '%.2000000000f' 1");
		ToolResult widest = bash("printf %1000000s x | wc -c");

		assertThat(width.isError()).isTrue();
		assertThat(width.text())
			.isEqualTo("printf: field width 2000000000 is larger than the sandbox allows (1000000)");
		assertThat(precision.text())
			.isEqualTo("printf: precision 2000000000 is larger than the sandbox allows (1000000)");
		assertThat(widest.text()).isEqualTo("1000000");
	}

	@Test
	void manyRepetitionsOfPrintfStayWithinWhatAPipeHolds() {
		mount("Notes", false);

		ToolResult result = bash("printf '%1000000s' " + "x ".repeat(50) + "| wc -c");

		assertThat(Long.parseLong(result.text().strip())).isLessThan(2_000_000);
	}

	@Test
	void wildcardsThatMultiplyTheirPathsAreBounded() {
		Mount notes = mount("Notes", false);
		for (int i = 0; i < 30; i++) {
			memory(notes, "/d" + i + "/f.md", "f");
		}

		ToolResult result = bash("echo notes/*/../*/../*/../*/.. | wc -c");

		assertThat(result.isError()).isTrue();
		assertThat(result.text()).isEqualTo("bash: notes/*/../*/../*/../*/..: the wildcards stand for more than "
				+ "10000 paths, the sandbox's limit");
		// within the bound, .. and wildcards still expand as bash does: 30 x 11 paths
		assertThat(bash("echo notes/*/../d1*/f.md").text().split(" ")).hasSize(330)
			.contains("notes/d0/../d1/f.md", "notes/d29/../d19/f.md");
	}

	@Test
	void contextOfBillionsOfLinesIsTheRestOfTheFile() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "one\ntwo\nthree\n");

		assertThat(bash("grep -A 2000000000 one notes/a.md").text()).isEqualTo("one\ntwo\nthree");
		assertThat(bash("grep -A 99999999999 two notes/a.md").text()).isEqualTo("two\nthree");
		assertThat(bash("grep -B 2000000000 three notes/a.md").text()).isEqualTo("one\ntwo\nthree");
	}

	@Test
	void headWithAHugeCountReadsWhatThereIs() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "one\ntwo\n");

		assertThat(bash("head -c 2000000000 notes/a.md").text()).isEqualTo("one\ntwo");
		assertThat(bash("tail -n 999999999 notes/a.md").text()).isEqualTo("one\ntwo");
		assertThat(bash("head -c 5 notes/a.md").text()).isEqualTo("one\nt");
		assertThat(bash("tail -c 4 notes/a.md").text()).isEqualTo("two");
	}

	@Test
	void globsWithManyStarsOverALongNameAnswerAtOnce() {
		Mount notes = mount("Notes", false);
		String name = "a".repeat(1_000);
		memory(notes, "/" + name, "aaa");

		assertThat(run("glob", Map.of("pattern", "/mnt/memory/notes/" + MANY_STARS)).text())
			.isEqualTo("No files found");
		assertThat(run("grep", Map.of("pattern", "a", "glob", MANY_STARS)).text()).isEqualTo("No files found");
		assertThat(bash("find notes -name '" + MANY_STARS + "'").text()).isEmpty();
		assertThat(bash("find notes -path '" + MANY_STARS + "'").text()).isEmpty();
		assertThat(bash("ls notes/" + MANY_STARS).text()).contains("No such file or directory");
		assertThat(bash("grep -r --include='" + MANY_STARS + "' a notes").isError()).isTrue();
		assertThat(bash("find notes -name '*a'").text()).isEqualTo("notes/" + name);
	}

	@Test
	void anEditThatWouldGrowPastTheLimitIsRefusedBeforeItIsBuilt() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "a".repeat(50_000));

		ToolResult result = run("edit", Map.of("file_path", "/mnt/memory/notes/a.md", "old_string", "a", "new_string",
				"b".repeat(100_000), "replace_all", true));

		assertThat(result.isError()).isTrue();
		assertThat(result.text()).isEqualTo("the edit would make /mnt/memory/notes/a.md 5000000000 characters long; "
				+ "a memory may hold at most 102400 bytes");
		assertThat(contents(notes)).containsEntry("/a.md", "a".repeat(50_000));
	}

	@Test
	void theGrepToolStopsCollectingOnceItsResultIsFull() {
		Mount notes = mount("Notes", false);
		String lines = "match\n".repeat(10_000);
		for (int i = 0; i < 5; i++) {
			memory(notes, "/f" + i + ".md", lines);
		}

		ToolResult result = run("grep", Map.of("pattern", "match", "output_mode", "content"));

		assertThat(result.text()).startsWith("/mnt/memory/notes/f0.md:1:match\n").contains("[output truncated");
		assertThat(result.text().length()).isLessThan(BoundedText.LIMIT + 200);
	}

	@Test
	void wholeWordsWithoutLookaround() {
		Mount notes = mount("Notes", false);
		memory(notes, "/a.md", "foo foo foobar (foo)\nfood\n");

		assertThat(bash("grep -ow foo notes/a.md").text()).isEqualTo("foo\nfoo\nfoo");
		assertThat(bash("grep -cw foo notes/a.md").text()).isEqualTo("1");
		assertThat(bash("grep -w '(foo)' notes/a.md").text()).isEqualTo("foo foo foobar (foo)");
	}

	@Test
	void theShellsWildcardsSkipDotFilesUnlessThePatternStartsWithADot() {
		Mount notes = mount("Notes", false);
		memory(notes, "/.hidden", "h");
		memory(notes, "/shown.md", "s");

		assertThat(bash("echo notes/*").text()).isEqualTo("notes/shown.md");
		assertThat(bash("echo notes/.h*").text()).isEqualTo("notes/.hidden");
		assertThat(run("glob", Map.of("pattern", "*", "path", "/mnt/memory/notes")).text()).contains(".hidden");
	}

	private static ToolResult onSmallStack(Supplier<ToolResult> call) {
		Object outcome = SmallStack.outcomeOf(call);
		assertThat(outcome).isInstanceOf(ToolResult.class);
		return (ToolResult) outcome;
	}

}
