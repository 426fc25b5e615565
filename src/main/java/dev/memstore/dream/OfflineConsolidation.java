package dev.memstore.dream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The offline dream's rules, without a database: fed every memory of the store in path
 * order ({@link #read}), it plans ({@link #plan}) what the dream does. The rules, each a
 * guarantee documented in {@code src/docs/dreams.md}:
 * <ol>
 * <li>memories with identical content under several paths are kept once, at the first
 * path in byte order;</li>
 * <li>a memory over {@value #SPLIT_BYTES} bytes is split at line ends into parts under a
 * folder named like it without its extension, losing nothing;</li>
 * <li>what the input sessions' users asked to remember and the store does not hold yet is
 * added, grouped by subject ({@link RememberRequests#noteFile});</li>
 * <li>an index at the store's root lists every memory with its first heading or
 * line.</li>
 * </ol>
 * Nothing else is deleted or changed, so every non-empty line of every memory is still in
 * some memory afterwards.
 */
final class OfflineConsolidation {

	/**
	 * A memory larger than this (in UTF-8 bytes) is split: 90 KB, under the 100 KB limit.
	 */
	static final int SPLIT_BYTES = 90 * 1024;

	static final String INDEX_PATH = "/_index.md";

	/**
	 * Where the index goes when a memory the dream did not write holds
	 * {@value #INDEX_PATH}.
	 */
	static final String ALTERNATE_INDEX_PATH = "/_index-dream.md";

	/**
	 * The first lines of every index file a dream writes: how a later dream knows the
	 * file is its own to rewrite.
	 */
	static final String INDEX_HEADER = "# Memory index\n\n<!-- written by a memstore dream; the next dream rewrites it -->\n";

	static final int MAX_SUMMARY = 120;

	static final int MAX_DELETES_PER_STEP = 100;

	private final List<Fact> facts = new ArrayList<>();

	private final List<Entry> entries = new ArrayList<>();

	private final TreeSet<String> paths = new TreeSet<>();

	private final Set<String> dreamIndexes = new TreeSet<>();

	private final Map<String, String> noteContents = new HashMap<>();

	/**
	 * @param messages the input sessions' user messages, oldest first
	 */
	OfflineConsolidation(List<DreamWork.SentMessage> messages) {
		Set<String> seen = new LinkedHashSet<>();
		for (DreamWork.SentMessage message : messages) {
			if (message.text() == null || !RememberRequests.isRememberRequest(message.text())) {
				continue;
			}
			String text = RememberRequests.noteText(message.text());
			if (seen.add(text)) {
				RememberRequests.NoteFile file = RememberRequests.noteFile(message.text());
				this.facts.add(new Fact("/" + file.relativePath(), file.heading(), text,
						RememberRequests.noteLine(message.sentAt(), message.text())));
			}
		}
	}

	/**
	 * Takes in one memory; memories come in byte-wise path order.
	 */
	void read(String path, String sha256, int sizeBytes, String content) {
		this.paths.add(path);
		if (content.startsWith(INDEX_HEADER)) {
			this.dreamIndexes.add(path);
			return;
		}
		List<String> partSummaries = (sizeBytes > SPLIT_BYTES)
				? split(content, "").stream().map((part) -> summary(part.content())).toList() : List.of();
		this.entries.add(new Entry(path, sha256, sizeBytes, summary(content), partSummaries));
		this.facts.removeIf((fact) -> content.contains(fact.text()));
		for (Fact fact : this.facts) {
			if (fact.path().equals(path)) {
				this.noteContents.put(path, content);
			}
		}
	}

	OfflinePlan plan() {
		List<OfflinePlan.Step> steps = new ArrayList<>();
		// 1. Duplicates: the first path in byte order keeps the content.
		Map<String, String> keeperBySha = new HashMap<>();
		List<String> duplicates = new ArrayList<>();
		List<Entry> kept = new ArrayList<>();
		for (Entry entry : this.entries) {
			String keeper = keeperBySha.putIfAbsent(entry.sha256(), entry.path());
			if (keeper != null) {
				duplicates.add(entry.path());
			}
			else {
				kept.add(entry);
			}
		}
		addDeletes(steps, duplicates);
		// 2. Splits.
		TreeMap<String, String> listing = new TreeMap<>();
		int splits = 0;
		for (Entry entry : kept) {
			if (entry.sizeBytes() > SPLIT_BYTES) {
				String folder = splitFolder(entry.path());
				steps.add(new OfflinePlan.Split(entry.path(), folder));
				for (int i = 0; i < entry.partSummaries().size(); i++) {
					listing.put(partPath(folder, i + 1, entry.partSummaries().size()), entry.partSummaries().get(i));
				}
				splits++;
			}
			else {
				listing.put(entry.path(), entry.summary());
			}
		}
		// 3. What users asked to remember, per subject file.
		Map<String, List<Fact>> bySubject = new LinkedHashMap<>();
		for (Fact fact : this.facts) {
			bySubject.computeIfAbsent(fact.path(), (path) -> new ArrayList<>()).add(fact);
		}
		bySubject.forEach((path, facts) -> {
			String existing = this.noteContents.get(path);
			StringBuilder content = new StringBuilder();
			if (existing != null && !existing.isBlank()) {
				content.append(existing);
				if (!existing.endsWith("\n")) {
					content.append('\n');
				}
			}
			else {
				content.append(facts.get(0).heading()).append("\n\n");
			}
			facts.forEach((fact) -> content.append(fact.line()).append('\n'));
			steps.add(new OfflinePlan.Write(path, content.toString()));
			listing.put(path, summary(content.toString()));
		});
		// 4. The index, in as many files as it takes.
		String indexPath = (this.paths.contains(INDEX_PATH) && !this.dreamIndexes.contains(INDEX_PATH))
				? ALTERNATE_INDEX_PATH : INDEX_PATH;
		List<String> indexFiles = indexFiles(indexPath, listing);
		List<String> indexPaths = new ArrayList<>();
		for (int i = 0; i < indexFiles.size(); i++) {
			String path = indexFilePath(indexPath, i + 1);
			indexPaths.add(path);
			steps.add(new OfflinePlan.Write(path, indexFiles.get(i)));
		}
		addDeletes(steps, this.dreamIndexes.stream().filter((path) -> !indexPaths.contains(path)).toList());
		String summary = "Read " + count(this.entries.size(), "memory", "memories") + " and "
				+ count(this.facts.size(), "request to remember that the store does not hold yet",
						"requests to remember that the store does not hold yet")
				+ ". Plan: delete " + count(duplicates.size(), "duplicate", "duplicates") + ", split "
				+ count(splits, "memory", "memories") + " over " + SPLIT_BYTES + " bytes, write "
				+ count(bySubject.size(), "note file", "note files") + " and "
				+ count(indexFiles.size(), "index file", "index files") + ".";
		return new OfflinePlan(summary, List.copyOf(steps));
	}

	/**
	 * A memory split into parts of at most {@value #SPLIT_BYTES} bytes, cut after a line
	 * end (or, for a line longer than a part, at a character boundary), under the folder.
	 */
	static List<OfflinePlan.Part> split(String content, String folder) {
		List<String> chunks = new ArrayList<>();
		StringBuilder chunk = new StringBuilder();
		int chunkBytes = 0;
		for (String line : content.split("(?<=\n)")) {
			int lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
			if (chunkBytes + lineBytes > SPLIT_BYTES && chunk.length() > 0) {
				chunks.add(chunk.toString());
				chunk.setLength(0);
				chunkBytes = 0;
			}
			if (lineBytes > SPLIT_BYTES) {
				int start = 0;
				while (start < line.length()) {
					int end = start;
					int bytes = 0;
					while (end < line.length()) {
						int codePoint = line.codePointAt(end);
						int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
						if (bytes + size > SPLIT_BYTES) {
							break;
						}
						bytes += size;
						end += Character.charCount(codePoint);
					}
					chunks.add(line.substring(start, end));
					start = end;
				}
				continue;
			}
			chunk.append(line);
			chunkBytes += lineBytes;
		}
		if (chunk.length() > 0) {
			chunks.add(chunk.toString());
		}
		List<OfflinePlan.Part> parts = new ArrayList<>();
		for (int i = 0; i < chunks.size(); i++) {
			parts.add(new OfflinePlan.Part(partPath(folder, i + 1, chunks.size()), chunks.get(i)));
		}
		return parts;
	}

	/**
	 * The path of part {@code n} of {@code count}, numbered with as many digits as the
	 * last, so that the parts sort in order.
	 */
	private static String partPath(String folder, int n, int count) {
		return folder + "/part-" + String.format("%0" + Integer.toString(count).length() + "d", n) + ".md";
	}

	/**
	 * The folder a memory's parts go to: its path without its extension, unless a memory
	 * holds that path or a part's name under it, then with {@code -parts} (and a number)
	 * added.
	 */
	private String splitFolder(String path) {
		int slash = path.lastIndexOf('/');
		int dot = path.lastIndexOf('.');
		String base = (dot > slash + 1) ? path.substring(0, dot) : path;
		String folder = base;
		for (int n = 1; taken(folder); n++) {
			folder = base + "-parts" + ((n == 1) ? "" : "-" + n);
		}
		return folder;
	}

	private boolean taken(String folder) {
		if (this.paths.contains(folder)) {
			return true;
		}
		String parts = folder + "/part-";
		String next = this.paths.ceiling(parts);
		return next != null && next.startsWith(parts);
	}

	private static List<String> indexFiles(String indexPath, Map<String, String> listing) {
		List<String> files = new ArrayList<>();
		StringBuilder file = new StringBuilder(INDEX_HEADER).append('\n');
		int bytes = file.length();
		for (Map.Entry<String, String> entry : listing.entrySet()) {
			String line = "- " + entry.getKey() + ": " + entry.getValue() + "\n";
			int lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
			// Room is kept for the line that names the next file.
			if (bytes + lineBytes > SPLIT_BYTES - 200) {
				file.append("\nContinued in ").append(indexFilePath(indexPath, files.size() + 2)).append('\n');
				files.add(file.toString());
				file = new StringBuilder(INDEX_HEADER).append('\n');
				bytes = file.length();
			}
			file.append(line);
			bytes += lineBytes;
		}
		files.add(file.toString());
		return files;
	}

	/**
	 * The index's {@code n}th file: {@code /_index.md}, then {@code /_index-2.md}, ...
	 */
	static String indexFilePath(String indexPath, int n) {
		return (n == 1) ? indexPath : indexPath.substring(0, indexPath.length() - ".md".length()) + "-" + n + ".md";
	}

	/**
	 * A memory's first heading (without its {@code #}s), else its first non-empty line,
	 * cut to {@value #MAX_SUMMARY} characters.
	 */
	static String summary(String content) {
		String firstLine = null;
		for (String line : content.split("\n")) {
			String stripped = line.strip();
			if (stripped.isEmpty()) {
				continue;
			}
			if (stripped.startsWith("#")) {
				String heading = stripped.replaceFirst("^#+\\s*", "");
				if (!heading.isEmpty()) {
					return cut(heading);
				}
			}
			if (firstLine == null) {
				firstLine = stripped;
			}
		}
		return (firstLine != null) ? cut(firstLine) : "(empty)";
	}

	private static String cut(String text) {
		return (text.codePointCount(0, text.length()) <= MAX_SUMMARY) ? text
				: text.substring(0, text.offsetByCodePoints(0, MAX_SUMMARY - 1)) + "\u2026";
	}

	private static void addDeletes(List<OfflinePlan.Step> steps, List<String> paths) {
		for (int i = 0; i < paths.size(); i += MAX_DELETES_PER_STEP) {
			steps.add(new OfflinePlan.Delete(
					List.copyOf(paths.subList(i, Math.min(paths.size(), i + MAX_DELETES_PER_STEP)))));
		}
	}

	private static String count(int n, String one, String many) {
		return n + " " + ((n == 1) ? one : many);
	}

	/**
	 * A memory as the plan needs it.
	 *
	 * @param partSummaries for a memory to split, the summary of each of its parts
	 */
	private record Entry(String path, String sha256, int sizeBytes, String summary, List<String> partSummaries) {

	}

	/**
	 * A request to remember: the subject file it goes to, that file's heading when the
	 * note creates it, the message as notes hold it, and the note's line.
	 */
	private record Fact(String path, String heading, String text, String line) {

	}

}
