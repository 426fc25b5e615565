package dev.memstore.sandbox;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Glob patterns as Claude's glob tool and a shell read them.
 */
@Tag("fast")
class GlobTest {

	@Test
	void starAndQuestionMarkStayWithinOneSegment() {
		assertThat(Glob.matches("*.md", "notes.md")).isTrue();
		assertThat(Glob.matches("*.md", "a/notes.md")).isFalse();
		assertThat(Glob.matches("a/*.md", "a/notes.md")).isTrue();
		assertThat(Glob.matches("?.md", "a.md")).isTrue();
		assertThat(Glob.matches("?.md", "ab.md")).isFalse();
		assertThat(Glob.matches("a?b", "a/b")).isFalse();
	}

	@Test
	void doubleStarCrossesSegmentsAndMatchesNoneToo() {
		assertThat(Glob.matches("**/*.md", "notes.md")).isTrue();
		assertThat(Glob.matches("**/*.md", "a/b/c/notes.md")).isTrue();
		assertThat(Glob.matches("a/**/z.md", "a/z.md")).isTrue();
		assertThat(Glob.matches("a/**/z.md", "a/b/c/z.md")).isTrue();
		assertThat(Glob.matches("a/**/z.md", "b/z.md")).isFalse();
		assertThat(Glob.matches("a/**", "a/b/c")).isTrue();
		assertThat(Glob.matches("**", "x/y")).isTrue();
	}

	@Test
	void bracesOfferAlternativesAndNest() {
		assertThat(Glob.matches("*.{md,txt}", "a.md")).isTrue();
		assertThat(Glob.matches("*.{md,txt}", "a.txt")).isTrue();
		assertThat(Glob.matches("*.{md,txt}", "a.json")).isFalse();
		assertThat(Glob.matches("{a,b/{c,d}}.md", "b/d.md")).isTrue();
		assertThat(Glob.matches("{a}.md", "{a}.md")).isTrue();
		assertThat(Glob.matches("{a,b", "{a,b")).isTrue();
	}

	@Test
	void characterClassesIncludingNegationAndPosixNames() {
		assertThat(Glob.matches("file[0-9].md", "file7.md")).isTrue();
		assertThat(Glob.matches("file[0-9].md", "filex.md")).isFalse();
		assertThat(Glob.matches("file[!0-9].md", "filex.md")).isTrue();
		assertThat(Glob.matches("file[^0-9].md", "file1.md")).isFalse();
		assertThat(Glob.matches("[[:upper:]]*", "Readme")).isTrue();
		assertThat(Glob.matches("a[!x]b", "a/b")).isFalse();
		assertThat(Glob.matches("[]]", "]")).isTrue();
		assertThat(Glob.matches("[abc", "[abc")).isTrue();
	}

	@Test
	void specialCharactersOfRegularExpressionsAreLiteral() {
		assertThat(Glob.matches("a.b+(c)$", "a.b+(c)$")).isTrue();
		assertThat(Glob.matches("a.b", "axb")).isFalse();
		assertThat(Glob.matches("\\*.md", "*.md")).isTrue();
		assertThat(Glob.matches("\\*.md", "x.md")).isFalse();
	}

	@Test
	void wildcardsMatchDotFilesAsSearchToolsDo() {
		// the shell skips them itself (SandboxBashTest)
		assertThat(Glob.matches("*", ".hidden")).isTrue();
		assertThat(Glob.matches("**/*.md", ".git/a.md")).isTrue();
	}

	@Test
	void patternsThatOnceOverflowedOrHungAreBoundedOrFast() {
		assertThatExceptionOfType(SandboxLimit.class).isThrownBy(() -> Glob.compile("{a,".repeat(20_000 / 3), false))
			.withMessageContaining("too long");
		assertThatExceptionOfType(SandboxLimit.class)
			.isThrownBy(() -> Glob.compile("{a,".repeat(40) + "b" + "}".repeat(40), false))
			.withMessageContaining("nests {...} alternatives more than 32 deep");
		// unclosed braces are literal; reading them is not exponential
		assertThat(Glob.matches("{a,".repeat(30), "{a,".repeat(30))).isTrue();
		String name = "a".repeat(1_000);
		assertThat(Glob.matches("*a*a*a*a*a*a*a*a*a*a*a*a*b", name)).isFalse();
		assertThat(Glob.compileWholePath("*a*a*a*a*a*a*a*a*a*a*a*a*b", false).matcher(name).matches()).isFalse();
	}

	@Test
	void caseInsensitiveAndWholePathPatterns() {
		assertThat(Glob.compile("*.MD", true).matcher("a.md").matches()).isTrue();
		Pattern path = Glob.compileWholePath("*/notes/*", false);
		assertThat(path.matcher("./a/b/notes/c.md").matches()).isTrue();
		assertThat(path.matcher("notes/c.md").matches()).isFalse();
	}

	@Test
	void hasWildcardsIgnoresEscapedCharacters() {
		assertThat(Glob.hasWildcards("a/b.md")).isFalse();
		assertThat(Glob.hasWildcards("a/*.md")).isTrue();
		assertThat(Glob.hasWildcards("a\\*.md")).isFalse();
		assertThat(Glob.hasWildcards("{a,b}")).isTrue();
	}

}
