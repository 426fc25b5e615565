package dev.memstore.sandbox;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * grep's basic and extended expressions mean in RE2 what they mean to GNU grep.
 */
@Tag("fast")
class RegexDialectsTest {

	@Test
	void inBasicExpressionsTheBareOperatorsAreLiteral() {
		assertThat(finds("f(x)+1?", true, "call f(x)+1? now")).isTrue();
		assertThat(finds("f(x)+1?", true, "call fx1 now")).isFalse();
		assertThat(finds("a|b", true, "a|b")).isTrue();
		assertThat(finds("a|b", true, "b")).isFalse();
	}

	@Test
	void inBasicExpressionsTheEscapedOperatorsWork() {
		assertThat(finds("cat\\|dog", true, "hotdog")).isTrue();
		assertThat(finds("\\(ab\\)\\{2\\}", true, "xababx")).isTrue();
		assertThat(finds("a\\+b", true, "aaab")).isTrue();
	}

	@Test
	void extendedExpressionsUseTheOperatorsBare() {
		assertThat(finds("cat|dog", false, "hotdog")).isTrue();
		assertThat(finds("(ab){2}", false, "abab")).isTrue();
	}

	@Test
	void bracketExpressionsKeepTheirPosixMeaning() {
		assertThat(finds("[[:digit:]]+", false, "v42")).isTrue();
		assertThat(finds("^[[:upper:]][[:lower:]]*$", false, "Hello")).isTrue();
		assertThat(finds("[]x]", true, "]")).isTrue();
		assertThat(finds("[a\\]", true, "\\")).isTrue();
		assertThat(finds("[[]", true, "[")).isTrue();
	}

	@Test
	void wordBoundariesAndALeadingStar() {
		assertThat(finds("\\<cat\\>", true, "a cat sat")).isTrue();
		assertThat(finds("\\<cat\\>", true, "concatenate")).isFalse();
		assertThat(finds("*a", true, "x*a")).isTrue();
	}

	@Test
	void backReferencesAreRefusedClearly() {
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> RegexDialects.toRe2("\\(a\\)\\1", true))
			.withMessageContaining("back-references (\\1) are not supported");
	}

	@Test
	void otherEscapesMeanWhatGnuGrepMakesOfThem() {
		assertThat(finds("\\w\\+", true, "--word--")).isTrue();
		assertThat(finds("a\\y", true, "ay")).isTrue();
		assertThat(finds("\\`ab\\'", true, "ab")).isTrue();
		assertThat(finds("\\`ab\\'", true, "xab")).isFalse();
		assertThat(finds("caf\\é", true, "café")).isTrue();
	}

	private static boolean finds(String pattern, boolean basic, String text) {
		return Pattern.compile(RegexDialects.toRe2(pattern, basic)).matcher(text).find();
	}

}
