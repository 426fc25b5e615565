package dev.memstore.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Line selection and grep's output format, shared by the grep tool and bash's grep.
 */
class TextSearchTest {

	@Test
	void aFinalNewlineEndsTheLastLine() {
		assertThat(TextSearch.lines("a\nb\n")).containsExactly("a", "b");
		assertThat(TextSearch.lines("a\n\nb")).containsExactly("a", "", "b");
		assertThat(TextSearch.lines("")).isEmpty();
	}

	@Test
	void contextLinesAndGroupSeparators() {
		List<String> lines = TextSearch.lines("1\n2\nhit\n4\n5\n6\n7\nhit\n9\n");
		TextSearch search = new TextSearch(Pattern.compile("hit"), false, false, budget());
		List<String> output = new ArrayList<>();
		new TextSearch.Printer(true, true, 1, 1, output::add).print("f", lines, search.select("", lines));
		assertThat(output).containsExactly("f-2-2", "f:3:hit", "f-4-4", "--", "f-7-7", "f:8:hit", "f-9-9");
	}

	@Test
	void multilineMatchesSelectEveryLineTheySpan() {
		String text = "a\nstart\nmiddle\nend\nz";
		TextSearch search = new TextSearch(Pattern.compile("start.*end", Pattern.DOTALL), true, false, budget());
		boolean[] selected = search.select(text, TextSearch.lines(text));
		assertThat(selected).containsExactly(false, true, true, true, false);
	}

	@Test
	void invertAndLimit() {
		List<String> lines = List.of("a", "b", "a", "a");
		boolean[] selected = new TextSearch(Pattern.compile("a"), false, true, budget()).select("", lines);
		assertThat(selected).containsExactly(false, true, false, false);
		boolean[] limited = new TextSearch(Pattern.compile("a"), false, false, budget()).select("", lines);
		TextSearch.limit(limited, 2);
		assertThat(TextSearch.count(limited)).isEqualTo(2);
		assertThat(limited).containsExactly(true, false, true, false);
	}

	@Test
	void aCatastrophicPatternIsStoppedByTheBudget() {
		String line = "a".repeat(40) + "!";
		TextSearch search = new TextSearch(Pattern.compile("((a*)*\\2)*b"), false, false,
				ToolBudget.of(Duration.ofMillis(200), "a test's limit"));
		long started = System.nanoTime();
		assertThatExceptionOfType(ToolBudget.Exceeded.class).isThrownBy(() -> search.select(line, List.of(line)))
			.withMessageContaining("ran longer than its limit of 200 ms (a test's limit)");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	private static ToolBudget budget() {
		return ToolBudget.of(SandboxService.DEFAULT_CALL_LIMIT, null);
	}

}
