package dev.memstore.memory;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The path rules, by example and as properties over generated paths. The generators are
 * seeded, so a failure names the seed and input that reproduce it.
 */
@Tag("fast")
class MemoryPathsTest {

	private static final long SEED = 20261123L;

	private static final int TRIES = 5_000;

	@Test
	void validPathsAreAccepted() {
		for (String path : new String[] { "/a", "/notes/todo.md", "/Users/Maya/Preferences.md", "/é/ü/ñ.txt",
				"/日本語/メモ.md", "/\uD83E\uDDE0/brain.md", "/a b/c d.md", "/.hidden", "/a/...", "/a/b.c.d",
				"/" + "s/".repeat(19) + "s", "/" + "x".repeat(1023) }) {
			assertThatNoException().as(path).isThrownBy(() -> MemoryPaths.validate("path", path));
		}
	}

	@Test
	void eachBrokenRuleIsNamed() {
		assertRefused(null, "required");
		assertRefused("notes.md", "must start with /");
		assertRefused("/", "below /");
		assertRefused("/notes/", "must not end with /");
		assertRefused("/a//b", "empty segments");
		assertRefused("/a/./b", ". or ..");
		assertRefused("/a/../b", ". or ..");
		assertRefused("/..", ". or ..");
		assertRefused("/" + "s/".repeat(20) + "s", "at most 20");
		assertRefused("/" + "x".repeat(1024), "at most 1024 bytes");
		assertRefused("/" + "é".repeat(512), "at most 1024 bytes");
		assertRefused("/tab\there", "control");
		assertRefused("/nul\u0000", "control");
		assertRefused("/del\u007F", "control");
		assertRefused("/zero\u200Bwidth", "format");
		assertRefused("/bidi\u202Eoverride", "format");
		assertRefused("/line\u2028separator", "line-separator");
		assertRefused("/paragraph\u2029separator", "line-separator");
		assertRefused("/lone\uD800surrogate", "lone surrogate");
		assertRefused("/e\u0301", "NFC");
	}

	@Test
	void prefixesMustStartAndEndWithASlashAndHaveValidSegments() {
		assertThatNoException().isThrownBy(() -> MemoryPaths.validatePrefix("/"));
		assertThatNoException().isThrownBy(() -> MemoryPaths.validatePrefix("/notes/"));
		assertThatNoException().isThrownBy(() -> MemoryPaths.validatePrefix("/a/b/"));
		for (String prefix : new String[] { "", "notes/", "/notes", "//", "/a//", "/./", "/a/../" }) {
			assertThatExceptionOfType(ApiException.class).as(prefix)
				.isThrownBy(() -> MemoryPaths.validatePrefix(prefix));
		}
	}

	@Test
	void selfAndAncestorsListEveryPathThatWouldCollideFromAbove() {
		assertThat(MemoryPaths.selfAndAncestors("/a/b/c.md")).containsExactly("/a", "/a/b", "/a/b/c.md");
		assertThat(MemoryPaths.selfAndAncestors("/top.md")).containsExactly("/top.md");
	}

	@Test
	void anyPathBuiltFromValidSegmentsWithinTheLimitsIsAccepted() {
		forAll((random) -> {
			String path = validPath(random);
			assertThatNoException().as(path).isThrownBy(() -> MemoryPaths.validate("path", path));
		});
	}

	@Test
	void aValidPathWithAForbiddenCharacterAnywhereIsRefused() {
		int[] forbidden = { 0x0, 0x1, 0x9, 0xA, 0xD, 0x1F, 0x7F, 0x85, 0x9F, 0xAD, 0x200B, 0x200E, 0x2028, 0x2029,
				0x2060, 0xFEFF, 0xE0001 };
		forAll((random) -> {
			String valid = validPath(random);
			int at = 1 + random.nextInt(valid.length() - 1);
			while (Character.isLowSurrogate(valid.charAt(at))) {
				at--;
			}
			String broken = valid.substring(0, at) + Character.toString(forbidden[random.nextInt(forbidden.length)])
					+ valid.substring(at);
			assertRefused(broken, "");
		});
	}

	@Test
	void aPathThatIsNotInNfcIsRefusedAndItsNfcFormAccepted() {
		String[] decomposable = { "é", "ü", "ñ", "Å", "ḗ", "가" };
		forAll((random) -> {
			String composed = "/" + decomposable[random.nextInt(decomposable.length)] + randomSegment(random);
			String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
			assertRefused(decomposed, "NFC");
			assertThatNoException().isThrownBy(() -> MemoryPaths.validate("path", composed));
		});
	}

	@Test
	void validationNeverFailsOtherwiseThanWithAnInvalidRequest() {
		forAll((random) -> {
			StringBuilder junk = new StringBuilder();
			int length = random.nextInt(40);
			for (int i = 0; i < length; i++) {
				junk.append(random.nextInt(4) == 0 ? '/' : (char) random.nextInt(0x10000));
			}
			try {
				MemoryPaths.validate("path", junk.toString());
			}
			catch (ApiException ex) {
				assertThat(ex.type()).isEqualTo(ApiErrorType.INVALID_REQUEST);
			}
		});
	}

	private static void forAll(Consumer<Random> property) {
		for (int i = 0; i < TRIES; i++) {
			long seed = SEED + i;
			try {
				property.accept(new Random(seed));
			}
			catch (AssertionError ex) {
				throw new AssertionError("property failed for seed " + seed + ": " + ex.getMessage(), ex);
			}
		}
	}

	/**
	 * A path of 1 to 20 segments of letters from several scripts, digits and punctuation,
	 * within 1,024 bytes.
	 */
	private static String validPath(Random random) {
		int segments = 1 + random.nextInt(MemoryPaths.MAX_SEGMENTS);
		List<String> parts = new ArrayList<>();
		for (int i = 0; i < segments; i++) {
			parts.add(randomSegment(random));
		}
		String path = "/" + String.join("/", parts);
		while (path.getBytes(StandardCharsets.UTF_8).length > MemoryPaths.MAX_BYTES) {
			parts.remove(parts.size() - 1);
			path = "/" + String.join("/", parts);
		}
		return Normalizer.normalize(path, Normalizer.Form.NFC);
	}

	private static String randomSegment(Random random) {
		String alphabet = "abcXYZ019 _-.,~!@#$%^&()[]{}+=éüñçø日本語한국ДжΩ";
		String[] astral = { "\uD83E\uDDE0", "\uD83D\uDE00", "\uD800\uDF48" };
		StringBuilder segment = new StringBuilder();
		int length = 1 + random.nextInt(12);
		for (int i = 0; i < length; i++) {
			if (random.nextInt(10) == 0) {
				segment.append(astral[random.nextInt(astral.length)]);
			}
			else {
				segment.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
		}
		String result = segment.toString();
		return (result.equals(".") || result.equals("..")) ? result + "x" : result;
	}

	private static void assertRefused(String path, String messageFragment) {
		assertThatExceptionOfType(ApiException.class).as(String.valueOf(path))
			.isThrownBy(() -> MemoryPaths.validate("path", path))
			.satisfies((error) -> {
				assertThat(error.type()).isEqualTo(ApiErrorType.INVALID_REQUEST);
				assertThat(error.getMessage()).contains(messageFragment);
			});
	}

}
