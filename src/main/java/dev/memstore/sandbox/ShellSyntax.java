package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The part of bash's grammar the sandbox understands: words with {@code '…'}, {@code "…"}
 * and {@code \} quoting, comments, pipelines, {@code &&}, {@code ||}, {@code ;} and
 * newlines, and the redirections {@code >}, {@code >>}, {@code <}, {@code 2>},
 * {@code &>}, {@code 2>&1}, {@code >&2} and here-documents. What bash would expand
 * (variables, {@code $(…)}, backquotes) or run elsewhere (background jobs, subshells) is
 * refused when parsing, before anything runs.
 */
final class ShellSyntax {

	static final String UNAVAILABLE = "not available in the memstore sandbox";

	private static final String[] OPERATORS = { "&&", "||", ";;", "|&", "&>>", "&>", ">>", ">|", ">&", "<<<", "<<-",
			"<<", "<&", "<>", ">", "<", "|", "&", ";", "(", ")" };

	private final String source;

	private final List<Token> tokens = new ArrayList<>();

	private final List<HereDocument> pendingHereDocuments = new ArrayList<>();

	private HereDocument awaitingDelimiter;

	private int position;

	private StringBuilder word;

	private BitSet wild;

	private boolean quoted;

	private int next;

	private ShellSyntax(String source) {
		this.source = source;
	}

	/**
	 * Parses a command line.
	 * @throws SandboxException for a syntax error or a feature the sandbox does not have
	 */
	static Script parse(String source) {
		ShellSyntax syntax = new ShellSyntax(source);
		syntax.lex();
		return syntax.script();
	}

	// ---- the script

	/**
	 * What a command line holds: pipelines joined by {@code ;}, {@code &&} or {@code ||},
	 * evaluated left to right.
	 */
	record Script(List<Step> steps) {

		List<Command> commands() {
			List<Command> commands = new ArrayList<>();
			for (Step step : this.steps) {
				commands.addAll(step.pipeline().commands());
			}
			return commands;
		}

	}

	/**
	 * A pipeline and how it depends on the status of the one before.
	 */
	record Step(Connector connector, Pipeline pipeline) {

	}

	enum Connector {

		/** Runs whatever happened before ({@code ;}, a newline, or the first). */
		ALWAYS,

		/** Runs if the status so far is 0 ({@code &&}). */
		IF_SUCCEEDED,

		/** Runs if the status so far is not 0 ({@code ||}). */
		IF_FAILED

	}

	/**
	 * Commands joined by {@code |}.
	 */
	record Pipeline(List<Command> commands) {

	}

	/**
	 * A simple command: its words (the first names it) and redirections, in order.
	 */
	record Command(List<Word> words, List<Redirect> redirects) {

		String name() {
			return this.words.get(0).text();
		}

	}

	/**
	 * A redirection. {@code target} is the file of {@code >}, {@code >>}, {@code <},
	 * {@code 2>} and {@code &>}; {@code text} the body of a here-document.
	 */
	record Redirect(RedirectKind kind, Word target, String text) {

	}

	enum RedirectKind {

		/** {@code > file}, {@code 1> file}, {@code >| file}. */
		OUT,

		/** {@code >> file}. */
		APPEND,

		/** {@code 2> file}. */
		ERR,

		/** {@code 2>> file}. */
		ERR_APPEND,

		/** {@code &> file}. */
		BOTH,

		/** {@code &>> file}. */
		BOTH_APPEND,

		/** {@code 2>&1}. */
		ERR_TO_OUT,

		/** {@code >&2}, {@code 1>&2}. */
		OUT_TO_ERR,

		/** {@code < file}. */
		IN,

		/** {@code << DELIMITER}. */
		HERE_DOCUMENT

	}

	/**
	 * A word after quote removal; {@code wild} marks the characters that were unquoted
	 * {@code *}, {@code ?}, {@code [} or <code>{</code>, which make the word a pattern of
	 * paths.
	 */
	record Word(String text, BitSet wild) {

		static Word literal(String text) {
			return new Word(text, new BitSet());
		}

		boolean hasWildcards() {
			return !this.wild.isEmpty();
		}

		/**
		 * The word as a {@link Glob}, with every character that was quoted taken
		 * literally.
		 */
		String globPattern() {
			StringBuilder pattern = new StringBuilder();
			for (int i = 0; i < this.text.length(); i++) {
				char c = this.text.charAt(i);
				if (!this.wild.get(i) && "*?[]{}\\,".indexOf(c) >= 0) {
					pattern.append('\\');
				}
				pattern.append(c);
			}
			return pattern.toString();
		}

	}

	// ---- lexing

	private void lex() {
		startWord();
		while (this.position < this.source.length()) {
			char c = this.source.charAt(this.position);
			if (c == ' ' || c == '\t' || c == '\r') {
				endWord();
				this.position++;
			}
			else if (c == '\n') {
				endWord();
				if (this.awaitingDelimiter != null) {
					throw new SandboxException("bash: syntax error near unexpected token `newline'");
				}
				this.tokens.add(Token.NEWLINE);
				this.position++;
				readHereDocuments();
			}
			else if (c == '#' && !inWord()) {
				while (this.position < this.source.length() && this.source.charAt(this.position) != '\n') {
					this.position++;
				}
			}
			else if (c == '\\') {
				if (this.position + 1 < this.source.length()) {
					char escaped = this.source.charAt(this.position + 1);
					if (escaped != '\n') {
						appendQuoted(String.valueOf(escaped));
					}
					this.position += 2;
				}
				else {
					appendQuoted("\\");
					this.position++;
				}
			}
			else if (c == '\'') {
				int end = this.source.indexOf('\'', this.position + 1);
				if (end < 0) {
					throw new SandboxException("bash: syntax error: unexpected end of input while looking for the "
							+ "matching ' (single quote)");
				}
				appendQuoted(this.source.substring(this.position + 1, end));
				this.position = end + 1;
			}
			else if (c == '"') {
				readDoubleQuoted();
			}
			else if (c == '$') {
				refuseExpansion(this.position);
				appendUnquoted(c);
				this.position++;
			}
			else if (c == '`') {
				throw unavailable("command substitution (`…`)");
			}
			else if ("|&;<>()".indexOf(c) >= 0) {
				readOperator(c);
			}
			else {
				appendUnquoted(c);
				this.position++;
			}
		}
		endWord();
		if (this.awaitingDelimiter != null) {
			throw new SandboxException("bash: syntax error near unexpected token `newline'");
		}
		for (HereDocument document : this.pendingHereDocuments) {
			document.body = "";
		}
		this.tokens.add(Token.END);
	}

	private void readOperator(char c) {
		String descriptor = null;
		if ((c == '>' || c == '<') && inWord() && !this.quoted
				&& (this.word.toString().equals("1") || this.word.toString().equals("2"))) {
			descriptor = this.word.toString();
			startWord();
		}
		else {
			endWord();
		}
		String operator = null;
		if (this.awaitingDelimiter != null) {
			throw new SandboxException("bash: syntax error: a here-document needs a delimiter word after <<");
		}
		for (String candidate : OPERATORS) {
			if (this.source.startsWith(candidate, this.position)) {
				operator = candidate;
				break;
			}
		}
		this.position += operator.length();
		if (operator.equals(">&") || operator.equals("<&")) {
			char target = (this.position < this.source.length()) ? this.source.charAt(this.position) : ' ';
			if (target != '1' && target != '2') {
				throw unavailable("the redirection " + operator + target);
			}
			operator += target;
			this.position++;
		}
		if (descriptor != null) {
			operator = descriptor + operator;
		}
		this.tokens.add(Token.operator(operator));
		if (operator.equals("<<") || operator.equals("<<-")) {
			this.awaitingDelimiter = new HereDocument(operator.equals("<<-"));
		}
	}

	private void readDoubleQuoted() {
		int start = this.position;
		this.position++;
		StringBuilder text = new StringBuilder();
		while (this.position < this.source.length()) {
			char c = this.source.charAt(this.position);
			if (c == '"') {
				this.position++;
				appendQuoted(text.toString());
				return;
			}
			if (c == '\\' && this.position + 1 < this.source.length()) {
				char escaped = this.source.charAt(this.position + 1);
				if ("$`\"\\".indexOf(escaped) >= 0) {
					text.append(escaped);
				}
				else if (escaped != '\n') {
					text.append('\\').append(escaped);
				}
				this.position += 2;
				continue;
			}
			if (c == '$') {
				refuseExpansion(this.position);
			}
			if (c == '`') {
				throw unavailable("command substitution (`…`)");
			}
			text.append(c);
			this.position++;
		}
		this.position = start;
		throw new SandboxException(
				"bash: syntax error: unexpected end of input while looking for the matching \" (double quote)");
	}

	/**
	 * Reads the bodies of the here-documents whose commands the line just ended.
	 */
	private void readHereDocuments() {
		for (HereDocument document : this.pendingHereDocuments) {
			StringBuilder body = new StringBuilder();
			while (this.position < this.source.length()) {
				int end = this.source.indexOf('\n', this.position);
				String line = this.source.substring(this.position, (end < 0) ? this.source.length() : end);
				this.position = (end < 0) ? this.source.length() : end + 1;
				if (document.stripTabs) {
					line = line.replaceFirst("^\t+", "");
				}
				if (line.equals(document.delimiter)) {
					break;
				}
				body.append(line).append('\n');
			}
			document.body = document.literal ? body.toString() : unescapeHereDocument(body.toString());
		}
		this.pendingHereDocuments.clear();
	}

	/**
	 * Applies the escapes of an unquoted here-document; the expansions bash would make in
	 * it are refused.
	 */
	private String unescapeHereDocument(String body) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (c == '\\' && i + 1 < body.length() && "$`\\\n".indexOf(body.charAt(i + 1)) >= 0) {
				if (body.charAt(i + 1) != '\n') {
					text.append(body.charAt(i + 1));
				}
				i++;
				continue;
			}
			if (c == '`' || (c == '$' && i + 1 < body.length() && isExpansionStart(body.charAt(i + 1)))) {
				throw unavailable("expansion inside a here-document (quote the delimiter, as in <<'EOF', "
						+ "to keep $ and ` literal)");
			}
			text.append(c);
		}
		return text.toString();
	}

	private void refuseExpansion(int dollar) {
		if (dollar + 1 < this.source.length() && isExpansionStart(this.source.charAt(dollar + 1))) {
			throw unavailable("variables, parameters and command substitution ($NAME, ${…}, $(…)); "
					+ "put text with a literal $ in single quotes");
		}
	}

	private static boolean isExpansionStart(char c) {
		return Character.isLetterOrDigit(c) || "_{(?#@*!$-".indexOf(c) >= 0;
	}

	private void startWord() {
		this.word = new StringBuilder();
		this.wild = new BitSet();
		this.quoted = false;
		this.next = 0;
	}

	private boolean inWord() {
		return this.next > 0 || this.quoted;
	}

	private void appendQuoted(String text) {
		this.word.append(text);
		this.next = this.word.length();
		this.quoted = true;
	}

	private void appendUnquoted(char c) {
		if (c == '*' || c == '?' || c == '[' || c == '{') {
			this.wild.set(this.word.length());
		}
		this.word.append(c);
		this.next = this.word.length();
	}

	private void endWord() {
		if (!inWord()) {
			return;
		}
		Word finished = new Word(this.word.toString(), this.wild);
		if (this.awaitingDelimiter != null) {
			HereDocument document = this.awaitingDelimiter;
			document.delimiter = finished.text();
			document.literal = this.quoted;
			this.pendingHereDocuments.add(document);
			this.tokens.add(new Token(null, null, document));
			this.awaitingDelimiter = null;
		}
		else {
			this.tokens.add(new Token(null, finished, null));
		}
		startWord();
	}

	// ---- parsing

	private Script script() {
		List<Step> steps = new ArrayList<>();
		skipSeparators();
		Connector connector = Connector.ALWAYS;
		while (peek() != Token.END) {
			steps.add(new Step(connector, pipeline()));
			Token token = peek();
			if (token.isOperator("&&") || token.isOperator("||")) {
				this.next++;
				connector = token.isOperator("&&") ? Connector.IF_SUCCEEDED : Connector.IF_FAILED;
				while (peek() == Token.NEWLINE) {
					this.next++;
				}
				if (peek() == Token.END || peek().isOperator(";")) {
					throw unexpected(peek());
				}
			}
			else if (token == Token.NEWLINE || token.isOperator(";")) {
				skipSeparators();
				connector = Connector.ALWAYS;
			}
			else if (token != Token.END) {
				throw unexpected(token);
			}
		}
		return new Script(steps);
	}

	private Pipeline pipeline() {
		List<Command> commands = new ArrayList<>();
		commands.add(command());
		while (peek().isOperator("|") || peek().isOperator("|&")) {
			if (peek().isOperator("|&")) {
				Command last = commands.get(commands.size() - 1);
				last.redirects().add(new Redirect(RedirectKind.ERR_TO_OUT, null, null));
			}
			this.next++;
			while (peek() == Token.NEWLINE) {
				this.next++;
			}
			commands.add(command());
		}
		return new Pipeline(commands);
	}

	private Command command() {
		List<Word> words = new ArrayList<>();
		List<Redirect> redirects = new ArrayList<>();
		while (true) {
			Token token = peek();
			if (token.word() != null) {
				words.add(token.word());
				this.next++;
				continue;
			}
			if (token.operator() == null) {
				break;
			}
			RedirectKind kind = redirectKind(token.operator());
			if (kind == null) {
				switch (token.operator()) {
					case "&" -> throw unavailable("background jobs (&)");
					case "(", ")" -> throw unavailable("subshells and grouping ( )");
					case "<<<" -> throw unavailable("here-strings (<<<)");
					default -> {
					}
				}
				break;
			}
			this.next++;
			if (kind == RedirectKind.ERR_TO_OUT || kind == RedirectKind.OUT_TO_ERR) {
				redirects.add(new Redirect(kind, null, null));
				continue;
			}
			Token target = peek();
			if (kind == RedirectKind.HERE_DOCUMENT) {
				this.next++;
				if (target.document() == null) {
					throw unexpected(target);
				}
				redirects.add(new Redirect(kind, null, target.document().body));
				continue;
			}
			if (target.word() == null) {
				throw unexpected(target);
			}
			this.next++;
			redirects.add(new Redirect(kind, target.word(), null));
		}
		if (words.isEmpty()) {
			if (!redirects.isEmpty()) {
				throw unavailable("a redirection without a command (use touch, or echo -n '' > file)");
			}
			throw unexpected(peek());
		}
		return new Command(words, redirects);
	}

	private static RedirectKind redirectKind(String operator) {
		return switch (operator) {
			case ">", "1>", ">|", "1>|" -> RedirectKind.OUT;
			case ">>", "1>>" -> RedirectKind.APPEND;
			case "2>", "2>|" -> RedirectKind.ERR;
			case "2>>" -> RedirectKind.ERR_APPEND;
			case "&>" -> RedirectKind.BOTH;
			case "&>>" -> RedirectKind.BOTH_APPEND;
			case "2>&1" -> RedirectKind.ERR_TO_OUT;
			case ">&2", "1>&2" -> RedirectKind.OUT_TO_ERR;
			case "<", "0<" -> RedirectKind.IN;
			case "<<", "<<-" -> RedirectKind.HERE_DOCUMENT;
			default -> null;
		};
	}

	private Token peek() {
		return this.tokens.get(this.next);
	}

	private void skipSeparators() {
		while (peek() == Token.NEWLINE || peek().isOperator(";")) {
			this.next++;
		}
	}

	private static SandboxException unexpected(Token token) {
		String shown = (token == Token.END || token == Token.NEWLINE) ? "newline"
				: (token.operator() != null) ? token.operator() : token.word().text();
		return new SandboxException("bash: syntax error near unexpected token `" + shown + "'");
	}

	static SandboxException unavailable(String feature) {
		return new SandboxException("bash: " + feature + " " + UNAVAILABLE);
	}

	/**
	 * A token: a word, an operator, or the delimiter word of a here-document standing for
	 * its body. {@link #NEWLINE} and {@link #END} are identities.
	 */
	private record Token(String operator, Word word, HereDocument document) {

		static final Token NEWLINE = new Token("\n", null, null);

		static final Token END = new Token(null, null, null);

		static Token operator(String operator) {
			return new Token(operator, null, null);
		}

		boolean isOperator(String text) {
			return this != NEWLINE && text.equals(this.operator);
		}

		@Override
		public boolean equals(Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

	}

	/**
	 * A here-document whose body is read once its command line has ended.
	 */
	private static final class HereDocument {

		private final boolean stripTabs;

		private String delimiter;

		private boolean literal;

		private String body;

		HereDocument(boolean stripTabs) {
			this.stripTabs = stripTabs;
		}

	}

}
