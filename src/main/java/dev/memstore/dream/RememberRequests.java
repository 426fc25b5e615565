package dev.memstore.dream;

import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user asks to remember, as memstore's offline agent and its offline dreams read
 * it: the phrases that make a message a request to remember, the file a note of it goes
 * to, and the note's line. One rule for both, so that a dream recognises a note the
 * offline agent wrote.
 */
public final class RememberRequests {

	public static final String REMEMBERED_FILE = "remembered.md";

	public static final String REMEMBERED_HEADING = "# Remembered";

	static final String USERS_DIRECTORY = "users";

	static final String PROFILE_FILE = "profile.md";

	/**
	 * Longer words are not taken for a name, so that a note's path stays short.
	 */
	static final int MAX_NAME_LENGTH = 64;

	private static final Pattern REMEMBER_REQUEST = Pattern.compile(
			"\\b(?:remember|note\\s+that|keep\\s+in\\s+mind|don['\u2019]t\\s+forget|do\\s+not\\s+forget)\\b",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	/**
	 * A person introducing themselves: "I'm", "I am", "my name is" or "this is" (in any
	 * case), then a name that starts with a capital letter and is made of letters, parts
	 * joined by hyphens allowed ("Anne-Marie"). What follows (a surname, "from Acme
	 * Corp") is not part of it; a name followed by an apostrophe and a letter ("this is
	 * Maya's plan") is not an introduction.
	 */
	private static final Pattern INTRODUCTION = Pattern
		.compile("(?<![\\p{L}\\p{N}])(?i:i['\u2019]m|i\\s+am|my\\s+name\\s+is|this\\s+is)\\s+"
				+ "(\\p{Lu}[\\p{L}\\p{M}]*(?:-[\\p{L}\\p{M}]+)*)(?![\\p{L}\\p{M}\\p{N}_-]|['\u2019]\\p{L})");

	private RememberRequests() {
	}

	/**
	 * Whether a message asks to remember something: "remember", "note that", "keep in
	 * mind", "don't forget" or "do not forget", in any case.
	 */
	public static boolean isRememberRequest(String message) {
		return REMEMBER_REQUEST.matcher(message).find();
	}

	/**
	 * The file a note goes to, relative to the store's root: the profile of the person
	 * the message introduces ({@code users/maya/profile.md} for "I'm Maya from Acme
	 * Corp"), else {@code remembered.md}.
	 */
	public static NoteFile noteFile(String message) {
		Matcher introduction = INTRODUCTION.matcher(message);
		if (introduction.find()) {
			String name = Normalizer.normalize(introduction.group(1), Normalizer.Form.NFC);
			if (name.length() <= MAX_NAME_LENGTH) {
				return new NoteFile(USERS_DIRECTORY + "/" + userSlug(name) + "/" + PROFILE_FILE, "# " + name);
			}
		}
		return new NoteFile(REMEMBERED_FILE, REMEMBERED_HEADING);
	}

	/**
	 * The message as a note holds it: on one line, its runs of white space single spaces.
	 */
	public static String noteText(String message) {
		return message.strip().replaceAll("\\s+", " ");
	}

	/**
	 * The line a note adds: {@code - 2026-12-04: <the message on one line>}.
	 * @param at when the message was sent; its UTC date dates the note
	 */
	public static String noteLine(Instant at, String message) {
		return "- " + DateTimeFormatter.ISO_LOCAL_DATE.format(at.atZone(ZoneOffset.UTC)) + ": " + noteText(message);
	}

	/**
	 * A name as a path segment: lowercased, each run of characters other than letters and
	 * digits (of any script) a hyphen.
	 */
	public static String userSlug(String name) {
		String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-");
		return slug.replaceAll("^-+|-+$", "");
	}

	/**
	 * Where a remembered message goes.
	 *
	 * @param relativePath the file's path below the store's root, without a leading slash
	 * @param heading the first line of the file when the note creates it
	 */
	public record NoteFile(String relativePath, String heading) {

	}

}
