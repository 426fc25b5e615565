package dev.memstore.sandbox;

import java.util.List;

import dev.memstore.sandbox.ShellSyntax.Command;
import dev.memstore.sandbox.ShellSyntax.Connector;
import dev.memstore.sandbox.ShellSyntax.RedirectKind;
import dev.memstore.sandbox.ShellSyntax.Script;
import dev.memstore.sandbox.ShellSyntax.Word;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bash the sandbox parses: quoting, lists, pipelines and redirections, and the
 * refusal of everything that would need a real shell.
 */
@Tag("fast")
class ShellSyntaxTest {

	@Test
	void wordsSplitOnUnquotedBlanksAndLoseTheirQuotes() {
		assertThat(words("echo  'a b'  \"c  d\" e\\ f g'h'\"i\"")).containsExactly("echo", "a b", "c  d", "e f", "ghi");
		assertThat(words("echo '' \"\"")).containsExactly("echo", "", "");
	}

	@Test
	void doubleQuotesKeepBackslashesExceptBeforeSpecialCharacters() {
		assertThat(words("echo \"a\\\"b\" \"c\\\\d\" \"e\\nf\" \"\\$5\"")).containsExactly("echo", "a\"b", "c\\d",
				"e\\nf", "$5");
		assertThat(words("echo 'it''s' '\\n'")).containsExactly("echo", "its", "\\n");
	}

	@Test
	void onlyUnquotedWildcardsMakeAPattern() {
		Word unquoted = command("ls *.md").words().get(1);
		Word quoted = command("ls '*.md'").words().get(1);
		Word mixed = command("ls \"my notes\"/*.md").words().get(1);
		assertThat(unquoted.hasWildcards()).isTrue();
		assertThat(quoted.hasWildcards()).isFalse();
		assertThat(mixed.text()).isEqualTo("my notes/*.md");
		assertThat(mixed.hasWildcards()).isTrue();
		assertThat(command("ls 'a*'*").words().get(1).globPattern()).isEqualTo("a\\**");
	}

	@Test
	void commentsAndLineContinuations() {
		assertThat(words("ls # the rest is ignored")).containsExactly("ls");
		assertThat(words("echo a#b")).containsExactly("echo", "a#b");
		assertThat(words("echo a \\\n b")).containsExactly("echo", "a", "b");
	}

	@Test
	void listsAndPipelines() {
		Script script = ShellSyntax.parse("ls a && cat b || echo c; pwd\nwc -l x | head -n 1");
		assertThat(script.steps()).extracting(ShellSyntax.Step::connector)
			.containsExactly(Connector.ALWAYS, Connector.IF_SUCCEEDED, Connector.IF_FAILED, Connector.ALWAYS,
					Connector.ALWAYS);
		assertThat(script.steps().get(4).pipeline().commands()).extracting(Command::name).containsExactly("wc", "head");
		assertThat(ShellSyntax.parse("ls &&\n  pwd").steps()).hasSize(2);
		assertThat(ShellSyntax.parse("\n\nls;\n").steps()).hasSize(1);
		assertThat(ShellSyntax.parse("  # only a comment\n").steps()).isEmpty();
	}

	@Test
	void redirections() {
		Command command = command("echo hi > out.md 2>/dev/null");
		assertThat(command.words()).extracting(Word::text).containsExactly("echo", "hi");
		assertThat(command.redirects()).extracting(ShellSyntax.Redirect::kind)
			.containsExactly(RedirectKind.OUT, RedirectKind.ERR);
		assertThat(command.redirects().get(0).target().text()).isEqualTo("out.md");
		assertThat(kinds("echo a >>x")).containsExactly(RedirectKind.APPEND);
		assertThat(kinds("cat x 2>&1")).containsExactly(RedirectKind.ERR_TO_OUT);
		assertThat(kinds("echo a >&2")).containsExactly(RedirectKind.OUT_TO_ERR);
		assertThat(kinds("ls &> log")).containsExactly(RedirectKind.BOTH);
		assertThat(kinds("wc -l < x")).containsExactly(RedirectKind.IN);
		assertThat(words("echo 2>x")).containsExactly("echo");
		assertThat(words("echo a2>x")).containsExactly("echo", "a2");
		assertThat(words("echo '2'>x")).containsExactly("echo", "2");
	}

	@Test
	void hereDocumentsTakeTheFollowingLinesUpToTheDelimiter() {
		Script script = ShellSyntax.parse("cat > a.md <<'EOF'\n# Title\n$HOME stays `literal`\nEOF\necho done");
		Command cat = script.steps().get(0).pipeline().commands().get(0);
		assertThat(cat.redirects().get(1).kind()).isEqualTo(RedirectKind.HERE_DOCUMENT);
		assertThat(cat.redirects().get(1).text()).isEqualTo("# Title\n$HOME stays `literal`\n");
		assertThat(script.steps().get(1).pipeline().commands().get(0).name()).isEqualTo("echo");
		Command stripped = command("cat <<-END\n\t\tindented\n\tEND");
		assertThat(stripped.redirects().get(0).text()).isEqualTo("indented\n");
		Command unquoted = command("cat <<EOF\ncost: 5 \\$ and \\\\ and $ alone\nEOF");
		assertThat(unquoted.redirects().get(0).text()).isEqualTo("cost: 5 $ and \\ and $ alone\n");
		assertThat(command("cat <<EOF\nno end").redirects().get(0).text()).isEqualTo("no end\n");
	}

	@Test
	void expansionsAreRefusedNotSilentlyDropped() {
		for (String line : List.of("echo $HOME", "echo \"${x}\"", "cat $(ls)", "echo `date`", "echo \"$1\"",
				"cat <<EOF\n$PATH\nEOF")) {
			assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> ShellSyntax.parse(line))
				.withMessageContaining("not available in the memstore sandbox");
		}
		assertThat(words("echo '$HOME' costs $ 5 a$")).containsExactly("echo", "$HOME", "costs", "$", "5", "a$");
	}

	@Test
	void backgroundJobsSubshellsAndHereStringsAreRefused() {
		for (String line : List.of("ls &", "(cd x; ls)", "cat <<< hi", "ls & pwd")) {
			assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> ShellSyntax.parse(line))
				.withMessageContaining("not available in the memstore sandbox");
		}
	}

	@Test
	void syntaxErrorsNameTheUnexpectedToken() {
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> ShellSyntax.parse("ls &&"))
			.withMessageContaining("syntax error near unexpected token `newline'");
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> ShellSyntax.parse("ls;;"))
			.withMessageContaining("syntax error near unexpected token `;;'");
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> ShellSyntax.parse("| ls"))
			.withMessageContaining("syntax error near unexpected token `|'");
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> ShellSyntax.parse("echo 'open"))
			.withMessageContaining("single quote");
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> ShellSyntax.parse("echo \"open"))
			.withMessageContaining("double quote");
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> ShellSyntax.parse("echo >"))
			.withMessageContaining("syntax error");
		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> ShellSyntax.parse("cat <<"))
			.withMessageContaining("syntax error");
	}

	@Test
	void unsupportedCommandsAreRefusedWithTheListOfSupportedOnes() {
		assertThat(Shell.refusal("ls")).isNull();
		assertThat(Shell.refusal("python3")).contains("python3: command not available in the memstore sandbox")
			.contains("ls, cat, head, tail, wc, find, grep, mkdir, rm, mv, cp, touch, echo, printf, pwd, cd");
		assertThat(Shell.refusal("X=1")).contains("variable assignments");
		assertThat(Shell.refusal("/bin/ls")).contains("not available");
	}

	private static List<String> words(String line) {
		return command(line).words().stream().map(Word::text).toList();
	}

	private static List<RedirectKind> kinds(String line) {
		return command(line).redirects().stream().map(ShellSyntax.Redirect::kind).toList();
	}

	private static Command command(String line) {
		Script script = ShellSyntax.parse(line);
		assertThat(script.steps()).hasSize(1);
		return script.steps().get(0).pipeline().commands().get(0);
	}

}
