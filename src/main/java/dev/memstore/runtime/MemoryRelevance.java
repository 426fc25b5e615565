package dev.memstore.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ranks memory lines by the words they share with a message, the offline agent's whole
 * notion of relevance: simple enough to predict by hand, so that tests and users know
 * what it will answer.
 */
final class MemoryRelevance {

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}#]+");

	private static final Pattern HEADING = Pattern.compile("#{1,6}(\\s.*)?");

	private static final Pattern LIST_MARKER = Pattern.compile("[-*+]\\s+");

	// Function words, and the words of a remember request, which would otherwise tie
	// every
	// remembered bullet to every new one.
	static final Set<String> STOPWORDS = Set.of("a", "about", "all", "also", "am", "an", "and", "any", "are", "as",
			"at", "be", "been", "but", "by", "can", "could", "did", "do", "does", "don", "for", "forget", "from", "had",
			"has", "have", "he", "her", "here", "his", "how", "if", "in", "into", "is", "it", "its", "just", "me", "my",
			"no", "not", "of", "on", "or", "our", "please", "remember", "she", "should", "so", "some", "than", "that",
			"the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we", "were",
			"what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your");

	private MemoryRelevance() {
	}

	/**
	 * The distinct words of a text: lowercase runs of letters, digits and {@code #},
	 * without stopwords and one-character words.
	 */
	static Set<String> words(String text) {
		Set<String> words = new LinkedHashSet<>();
		Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
		while (matcher.find()) {
			String word = matcher.group();
			if (word.codePointCount(0, word.length()) >= 2 && !STOPWORDS.contains(word)) {
				words.add(word);
			}
		}
		return words;
	}

	/**
	 * The lines sharing at least one word with the message, most shared words first, then
	 * by path and line order, at most {@code limit} of them. Blank lines and Markdown
	 * headings are never candidates.
	 */
	static List<Match> rank(String message, List<MemoryFile> files, int limit) {
		Set<String> wanted = words(message);
		List<Match> matches = new ArrayList<>();
		for (MemoryFile file : files) {
			for (int index = 0; index < file.lines().size(); index++) {
				String line = file.lines().get(index).strip();
				if (line.isEmpty() || HEADING.matcher(line).matches()) {
					continue;
				}
				Set<String> shared = words(line);
				shared.retainAll(wanted);
				if (!shared.isEmpty()) {
					matches.add(new Match(file.path(), index + 1, shown(line), shared.size()));
				}
			}
		}
		matches.sort(Comparator.comparingInt(Match::score)
			.reversed()
			.thenComparing(Match::path)
			.thenComparingInt(Match::lineNumber));
		return List.copyOf(matches.subList(0, Math.min(limit, matches.size())));
	}

	// A bullet is shown without its marker, since the answer lists lines as bullets
	// itself.
	private static String shown(String line) {
		Matcher marker = LIST_MARKER.matcher(line);
		return marker.lookingAt() ? line.substring(marker.end()) : line;
	}

	/**
	 * A file as the agent read it: its absolute path and its lines.
	 */
	record MemoryFile(String path, List<String> lines) {

	}

	/**
	 * A relevant line: where it is, its text as shown, and how many words it shares with
	 * the message.
	 */
	record Match(String path, int lineNumber, String text, int score) {

	}

}
