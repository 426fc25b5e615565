package dev.memstore.admin;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

/**
 * A line diff between two texts in unified format, each line marked for display.
 */
final class TextDiff {

	private static final int CONTEXT_LINES = 3;

	private TextDiff() {
	}

	/**
	 * @param before the older text; {@code null} (a deletion or a redacted version)
	 * counts as empty
	 * @return the diff's lines, empty when the texts are the same
	 */
	static List<Line> unified(String beforeName, String before, String afterName, String after) {
		List<String> original = lines(before);
		List<String> revised = lines(after);
		Patch<String> patch = DiffUtils.diff(original, revised);
		List<Line> lines = new ArrayList<>();
		for (String line : UnifiedDiffUtils.generateUnifiedDiff(beforeName, afterName, original, patch,
				CONTEXT_LINES)) {
			lines.add(new Line(kind(line), line));
		}
		return lines;
	}

	private static String kind(String line) {
		if (line.startsWith("+++") || line.startsWith("---")) {
			return "file";
		}
		if (line.startsWith("@@")) {
			return "hunk";
		}
		if (line.startsWith("+")) {
			return "added";
		}
		return line.startsWith("-") ? "removed" : "same";
	}

	private static List<String> lines(String text) {
		return (text == null || text.isEmpty()) ? List.of() : List.of(text.split("\n", -1));
	}

	/**
	 * @param kind {@code file}, {@code hunk}, {@code added}, {@code removed} or
	 * {@code same}
	 */
	record Line(String kind, String text) {

	}

}
