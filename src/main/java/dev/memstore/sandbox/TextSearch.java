package dev.memstore.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * The line selection and output format that the {@code grep} tool and the bash
 * {@code grep} share: which lines of a file match, and how they print with names, line
 * numbers and context.
 */
final class TextSearch {

	private final Pattern pattern;

	private final int group;

	private final boolean multiline;

	private final boolean invert;

	private final ToolBudget budget;

	/**
	 * @param group which group of a match is the text found: 0, the whole match, unless
	 * the pattern matches around it (as {@code grep -w} does)
	 */
	TextSearch(Pattern pattern, int group, boolean multiline, boolean invert, ToolBudget budget) {
		this.pattern = pattern;
		this.group = group;
		this.multiline = multiline;
		this.invert = invert;
		this.budget = budget;
	}

	/**
	 * The lines of a text as grep sees them: a final newline ends the last line rather
	 * than starting an empty one.
	 */
	static List<String> lines(String text) {
		List<String> lines = new ArrayList<>();
		int start = 0;
		while (start < text.length()) {
			int end = text.indexOf('\n', start);
			if (end < 0) {
				lines.add(text.substring(start));
				break;
			}
			lines.add(text.substring(start, end));
			start = end + 1;
		}
		return lines;
	}

	/**
	 * Which lines are selected: those the pattern matches (or, inverted, does not).
	 */
	boolean[] select(String text, List<String> lines) {
		boolean[] selected = new boolean[lines.size()];
		if (this.multiline) {
			int[] starts = new int[lines.size()];
			for (int i = 0, offset = 0; i < lines.size(); i++) {
				starts[i] = offset;
				offset += lines.get(i).length() + 1;
			}
			Matcher matcher = this.pattern.matcher(this.budget.guard(text));
			while (matcher.find()) {
				int first = lineOf(starts, matcher.start());
				int last = lineOf(starts, Math.max(matcher.start(), matcher.end() - 1));
				for (int i = first; i <= last && i < selected.length; i++) {
					selected[i] = true;
				}
			}
		}
		else {
			for (int i = 0; i < lines.size(); i++) {
				selected[i] = this.pattern.matcher(this.budget.guard(lines.get(i))).find();
			}
		}
		if (this.invert) {
			for (int i = 0; i < selected.length; i++) {
				selected[i] = !selected[i];
			}
		}
		return selected;
	}

	/**
	 * The matched parts of a line, for {@code grep -o}.
	 */
	List<String> matchesIn(String line) {
		List<String> found = new ArrayList<>();
		Matcher matcher = this.pattern.matcher(this.budget.guard(line));
		int from = 0;
		while (from <= line.length() && matcher.find(from)) {
			int start = matcher.start(this.group);
			int end = matcher.end(this.group);
			if (end > start) {
				found.add(line.substring(start, end));
			}
			// the next match may begin with what surrounded this one
			from = Math.max(end, matcher.start() + 1);
		}
		return found;
	}

	static int count(boolean[] selected) {
		int count = 0;
		for (boolean line : selected) {
			if (line) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Keeps only the first {@code max} selected lines, for {@code grep -m}.
	 */
	static void limit(boolean[] selected, int max) {
		int seen = 0;
		for (int i = 0; i < selected.length; i++) {
			if (selected[i] && ++seen > max) {
				selected[i] = false;
			}
		}
	}

	private static int lineOf(int[] starts, int offset) {
		int low = 0;
		int high = starts.length - 1;
		while (low < high) {
			int middle = (low + high + 1) >>> 1;
			if (starts[middle] <= offset) {
				low = middle;
			}
			else {
				high = middle - 1;
			}
		}
		return low;
	}

	/**
	 * Prints selected lines in grep's format: {@code name:12:line} for matches,
	 * {@code name-13-line} for context, {@code --} between groups that are not adjacent.
	 */
	static final class Printer {

		private final boolean withNames;

		private final boolean withLineNumbers;

		private final int before;

		private final int after;

		private final Consumer<String> output;

		private boolean printedAGroup;

		Printer(boolean withNames, boolean withLineNumbers, int before, int after, Consumer<String> output) {
			this.withNames = withNames;
			this.withLineNumbers = withLineNumbers;
			this.before = before;
			this.after = after;
			this.output = output;
		}

		void print(String name, List<String> lines, boolean[] selected) {
			int lastPrinted = -1;
			for (int i = 0; i < lines.size(); i++) {
				if (!selected[i]) {
					continue;
				}
				int from = Math.max(Math.max(0, i - this.before), lastPrinted + 1);
				if ((this.before > 0 || this.after > 0) && this.printedAGroup
						&& (lastPrinted < 0 || from > lastPrinted + 1)) {
					this.output.accept("--");
				}
				for (int j = from; j < i; j++) {
					this.output.accept(line(name, j, lines.get(j), false));
				}
				this.output.accept(line(name, i, lines.get(i), true));
				lastPrinted = i;
				int until = (int) Math.min(lines.size() - 1, (long) i + this.after);
				for (int j = i + 1; j <= until && !selected[j]; j++) {
					this.output.accept(line(name, j, lines.get(j), false));
					lastPrinted = j;
				}
				this.printedAGroup = true;
			}
		}

		private String line(String name, int index, String text, boolean match) {
			char separator = match ? ':' : '-';
			StringBuilder line = new StringBuilder();
			if (this.withNames) {
				line.append(name).append(separator);
			}
			if (this.withLineNumbers) {
				line.append(index + 1).append(separator);
			}
			return line.append(text).toString();
		}

	}

}
