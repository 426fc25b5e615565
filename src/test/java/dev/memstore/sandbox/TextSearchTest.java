package dev.memstore.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import com.google.re2j.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Line selection and grep's output format, shared by the grep tool and bash's grep.
 */
@Tag("fast")
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
		TextSearch search = new TextSearch(Pattern.compile("hit"), 0, false, false, budget());
		List<String> output = new ArrayList<>();
		new TextSearch.Printer(true, true, 1, 1, output::add).print("f", lines, search.select("", lines));
		assertThat(output).containsExactly("f-2-2", "f:3:hit", "f-4-4", "--", "f-7-7", "f:8:hit", "f-9-9");
	}

	@Test
	void multilineMatchesSelectEveryLineTheySpan() {
		String text = "a\nstart\nmiddle\nend\nz";
		TextSearch search = new TextSearch(Pattern.compile("start.*end", Pattern.DOTALL), 0, true, false, budget());
		boolean[] selected = search.select(text, TextSearch.lines(text));
		assertThat(selected).containsExactly(false, true, true, true, false);
	}

	@Test
	void invertAndLimit() {
		List<String> lines = List.of("a", "b", "a", "a");
		boolean[] selected = new TextSearch(Pattern.compile("a"), 0, false, true, budget()).select("", lines);
		assertThat(selected).containsExactly(false, true, false, false);
		boolean[] limited = new TextSearch(Pattern.compile("a"), 0, false, false, budget()).select("", lines);
		TextSearch.limit(limited, 2);
		assertThat(TextSearch.count(limited)).isEqualTo(2);
		assertThat(limited).containsExactly(true, false, true, false);
	}

	@Test
	void aPatternThatRecursedPerCharacterMatchesOnASmallStack() {
		// (a|b)*c over 90,000 characters overflowed a worker's stack with a backtracking
		// engine
		String line = "a".repeat(90_000);
		TextSearch search = new TextSearch(SandboxRegex.compile("(a|b)*c", 0), 0, false, false, budget());
		assertThat(SmallStack.outcomeOf(() -> search.select(line, List.of(line))[0])).isEqualTo(false);
	}

	@Test
	void aCancelledCallStopsInTheMiddleOfAMatch() {
		String text = "a".repeat(1_000_000);
		ToolBudget budget = ToolBudget.of(SandboxService.DEFAULT_CALL_LIMIT, null);
		budget.cancel("the turn was interrupted");
		TextSearch search = new TextSearch(SandboxRegex.compile("(a|b)*c", 0), 0, true, false, budget);
		assertThatExceptionOfType(ToolBudget.Exceeded.class).isThrownBy(() -> search.select(text, List.of(text)))
			.withMessage("the turn was interrupted");
	}

	@Test
	void aTimeLimitStopsALongMatch() {
		String text = "ab".repeat(2_000_000);
		TextSearch search = new TextSearch(SandboxRegex.compile("(a|b|ab|ba)*c", 0), 0, true, false,
				ToolBudget.of(Duration.ofMillis(20), "a test's limit"));
		assertThatExceptionOfType(ToolBudget.Exceeded.class).isThrownBy(() -> search.select(text, List.of(text)))
			.withMessageContaining("ran longer than its limit of 20 ms (a test's limit)");
	}

	private static ToolBudget budget() {
		return ToolBudget.of(SandboxService.DEFAULT_CALL_LIMIT, null);
	}

}
