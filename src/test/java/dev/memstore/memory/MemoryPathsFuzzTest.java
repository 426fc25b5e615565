package dev.memstore.memory;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.memstore.kernel.ApiErrorType;
import dev.memstore.kernel.ApiException;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path rules under coverage-guided fuzzing. In {@code ./mvnw verify} these replay the
 * inputs under {@code MemoryPathsFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes one of
 * them (see src/docs/reliability.md).
 */
@Tag("fast")
class MemoryPathsFuzzTest {

	@FuzzTest(maxDuration = "3m")
	void validateAcceptsOnlyPathsThatKeepEveryRule(FuzzedDataProvider data) {
		String path = data.consumeRemainingAsString();
		if (!accepted(() -> MemoryPaths.validate("path", path))) {
			return;
		}
		assertThat(path).startsWith("/").doesNotEndWith("/");
		assertThat(utf8(path).length).isLessThanOrEqualTo(MemoryPaths.MAX_BYTES);
		assertThat(new String(utf8(path), StandardCharsets.UTF_8)).as("valid Unicode").isEqualTo(path);
		assertThat(Normalizer.isNormalized(path, Normalizer.Form.NFC)).isTrue();
		assertThat(path.codePoints().map(Character::getType)).doesNotContain((int) Character.CONTROL,
				(int) Character.FORMAT, (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR);
		List<String> segments = Arrays.asList(path.substring(1).split("/", -1));
		assertThat(segments).hasSizeBetween(1, MemoryPaths.MAX_SEGMENTS).doesNotContain("", ".", "..");

		// Each ancestor is itself a valid path, so that a memory could sit there and
		// collide.
		List<String> selfAndAncestors = MemoryPaths.selfAndAncestors(path);
		assertThat(selfAndAncestors).hasSize(segments.size()).last().isEqualTo(path);
		for (String ancestor : selfAndAncestors) {
			assertThat(accepted(() -> MemoryPaths.validate("path", ancestor))).as(ancestor).isTrue();
			assertThat(path.equals(ancestor) || path.startsWith(ancestor + "/")).as(ancestor).isTrue();
		}
	}

	@FuzzTest(maxDuration = "3m")
	void validatePrefixAcceptsOnlyADirectoryOfValidSegments(FuzzedDataProvider data) {
		String prefix = data.consumeRemainingAsString();
		if (!accepted(() -> MemoryPaths.validatePrefix(prefix))) {
			return;
		}
		assertThat(prefix).startsWith("/").endsWith("/");
		if (!prefix.equals("/")) {
			String directory = prefix.substring(0, prefix.length() - 1);
			assertThat(accepted(() -> MemoryPaths.validate("path", directory))).isTrue();
		}
	}

	/**
	 * The key ranges the store's listings scan: in byte order, nothing valid lies between
	 * a path and its successor, and a directory's paths lie exactly below its subtree
	 * end.
	 */
	@FuzzTest(maxDuration = "3m")
	void successorAndSubtreeEndBoundTheirRangesInByteOrder(FuzzedDataProvider data) {
		String path = data.consumeString(64);
		String other = data.consumeRemainingAsString();
		if (!accepted(() -> MemoryPaths.validate("path", path))
				|| !accepted(() -> MemoryPaths.validate("path", other))) {
			return;
		}
		String successor = MemoryPaths.successor(path);
		assertThat(compareBytes(successor, path)).isPositive();
		if (compareBytes(other, path) > 0) {
			assertThat(compareBytes(other, successor)).as("%s lies between %s and its successor", other, path)
				.isGreaterThanOrEqualTo(0);
		}

		String directory = path + "/";
		String subtreeEnd = MemoryPaths.subtreeEnd(directory);
		if (other.startsWith(directory)) {
			assertThat(compareBytes(other, directory)).isPositive();
			assertThat(compareBytes(other, subtreeEnd)).as("%s is below %s", other, directory).isNegative();
		}
		else if (compareBytes(other, directory) > 0) {
			assertThat(compareBytes(other, subtreeEnd)).as("%s is not below %s", other, directory)
				.isGreaterThanOrEqualTo(0);
		}
	}

	/**
	 * Whether the rule accepts; any refusal must be a 400 invalid_request_error, never
	 * another failure.
	 */
	private static boolean accepted(Runnable rule) {
		try {
			rule.run();
			return true;
		}
		catch (ApiException ex) {
			assertThat(ex.type()).isEqualTo(ApiErrorType.INVALID_REQUEST);
			assertThat(ex.status()).isEqualTo(400);
			assertThat(ex.getMessage()).isNotBlank();
			return false;
		}
	}

	/**
	 * The order of PostgreSQL's {@code COLLATE "C"}: the paths' UTF-8 bytes, unsigned.
	 */
	private static int compareBytes(String left, String right) {
		return Arrays.compareUnsigned(utf8(left), utf8(right));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
