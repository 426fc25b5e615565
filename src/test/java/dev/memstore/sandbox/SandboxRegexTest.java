package dev.memstore.sandbox;

import java.util.List;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bounds every pattern from an agent's input is measured against before it is
 * compiled: no pattern can exhaust the heap or the stack.
 */
@Tag("fast")
class SandboxRegexTest {

	@Test
	void nestedRepetitionsThatWouldFillTheHeapAreRefused() {
		// RE2J expands counted repetitions: this one is a billion instructions
		assertThatExceptionOfType(SandboxLimit.class)
			.isThrownBy(() -> SandboxRegex.compile("((a{1000}){1000}){1000}", 0))
			.withMessageContaining("pattern too complex: more than 2000 elements");
		assertThatExceptionOfType(SandboxLimit.class)
			.isThrownBy(() -> SandboxRegex.compile("(?:a?){1000}(?:b?){1000}", 0))
			.withMessageContaining("too complex");
		assertThat(SandboxRegex.compile("(?:ab?){300}", 0).matcher("ab".repeat(300)).matches()).isTrue();
	}

	@Test
	void deepNestingAndLongPatternsAreRefused() {
		assertThatExceptionOfType(SandboxLimit.class)
			.isThrownBy(() -> SandboxRegex.compile("(".repeat(20_000) + "a" + ")".repeat(20_000), 0))
			.withMessageContaining("too long");
		assertThatExceptionOfType(SandboxLimit.class)
			.isThrownBy(() -> SandboxRegex.compile("(".repeat(101) + "a" + ")".repeat(101), 0))
			.withMessageContaining("nests groups more than 100 deep");
		assertThat(SandboxRegex.compile("(".repeat(100) + "a" + ")".repeat(100), 0).matcher("a").matches()).isTrue();
	}

	@Test
	void theLargestPatternsAcceptedMatchOnHalfTheDefaultStack() {
		// chains of steps that consume nothing are what RE2J follows recursively
		for (String unit : List.of("\\b", "(?:a?)", "(a?)", "(?:\\b|)", "(?:)")) {
			StringBuilder regex = new StringBuilder();
			while (SandboxRegex.tooLarge(regex + unit + "b") == null) {
				regex.append(unit);
			}
			Pattern pattern = SandboxRegex.compile(regex + "b", 0);
			assertThat(SmallStack.outcomeOf(() -> pattern.matcher("a".repeat(5_000)).find())).as(unit).isEqualTo(false);
		}
	}

	@Test
	void syntaxErrorsSayWhatIsWrong() {
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> SandboxRegex.compile("(a", 0))
			.withMessageStartingWith("invalid regular expression: missing closing )");
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> SandboxRegex.compile("a(?=b)", 0))
			.withMessageStartingWith("invalid regular expression:");
	}

}
