package dev.memstore.dream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.anthropic.models.beta.dreams.BetaDream;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import org.junit.jupiter.api.Test;

import dev.memstore.support.MemstoreIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline dream's documented guarantees, each on a store built to test it, through
 * the official Java SDK.
 */
@MemstoreIntegrationTest
class OfflineDreamGuaranteesTest extends DreamTestSupport {

	static final String MAYA = "Remember that I'm Maya from Acme Corp and I prefer email.";

	static final String FREEZE = "Please keep in mind that the deploy freeze starts on Friday.";

	static final String HELD = "Remember that invoices go out on the 1st.";

	@Test
	void aDreamLosesNothingDeduplicatesAddsWhatWasAskedSplitsAndIndexes() {
		String input = newStore("Messy");
		createMemory(input, "/b/same.md", "# Returns\nReturns take 30 days.\n");
		createMemory(input, "/a/same.md", "# Returns\nReturns take 30 days.\n");
		createMemory(input, "/c.md", "# Returns\nReturns take 30 days.\n");
		createMemory(input, "/billing.md", "# Billing\n- 2026-11-01: " + HELD + "\n");
		createMemory(input, "/people/ops.md", "Ops is on call at night.\n\nSecond paragraph.\n");
		String big = bigContent();
		createMemory(input, "/logs/big.md", big);
		String first = sessionSaying(input, MAYA, "What is the return window?");
		String second = sessionSaying(input, FREEZE, HELD);
		Map<String, String> before = contents(input);

		BetaDream done = awaitStatus(create(dream(input, first, second)).id(), BetaDreamStatus.COMPLETED);
		Map<String, String> after = contents(done.outputs().get(0).memoryStoreId());

		// No information is lost.
		List<String> outputLines = lines(after);
		for (Map.Entry<String, String> memory : before.entrySet()) {
			memory.getValue()
				.lines()
				.filter((line) -> !line.isBlank())
				.forEach((line) -> assertThat(outputLines).as("a line of " + memory.getKey()).contains(line));
		}
		// Identical content is kept once, at the first path in byte order.
		assertThat(after).containsKey("/a/same.md").doesNotContainKeys("/b/same.md", "/c.md");
		// What users asked to remember and the store lacked, grouped by subject; what it
		// held already is not added again.
		assertThat(after.get("/users/maya/profile.md")).startsWith("# Maya\n\n- ").contains(MAYA);
		assertThat(after.get("/remembered.md")).startsWith("# Remembered\n\n- ").contains(FREEZE);
		assertThat(occurrences(after, HELD)).isEqualTo(1);
		assertThat(occurrences(after, "What is the return window?")).isZero();
		// A memory over 90 KB is split into parts under a folder of the same name.
		assertThat(after).doesNotContainKey("/logs/big.md");
		List<String> parts = after.keySet().stream().filter((path) -> path.startsWith("/logs/big/")).sorted().toList();
		assertThat(parts).hasSizeGreaterThan(1)
			.allSatisfy((path) -> assertThat(path).matches("/logs/big/part-\\d+\\.md"));
		assertThat(parts).allSatisfy((path) -> assertThat(after.get(path).getBytes(StandardCharsets.UTF_8).length)
			.isLessThanOrEqualTo(90 * 1024));
		assertThat(parts.stream().map(after::get).collect(Collectors.joining())).isEqualTo(big);
		// The index lists every memory with its first heading or line.
		String index = after.get("/_index.md");
		assertThat(index).startsWith("# Memory index");
		for (String path : after.keySet()) {
			if (!path.equals("/_index.md")) {
				assertThat(index).as("the index names " + path).contains("- " + path + ": ");
			}
		}
		assertThat(index).contains("- /a/same.md: Returns")
			.contains("- /people/ops.md: Ops is on call at night.")
			.contains("- /logs/big/part-1.md: Big log");
	}

	@Test
	void theSameInputsDreamTheSameResult() {
		String input = newStore("Twice");
		createMemory(input, "/x.md", "same\n");
		createMemory(input, "/y.md", "same\n");
		createMemory(input, "/z.md", "# Zed\nzzz\n");
		String session = sessionSaying(input, MAYA, FREEZE);

		Map<String, String> once = contents(
				awaitStatus(create(dream(input, session)).id(), BetaDreamStatus.COMPLETED).outputs()
					.get(0)
					.memoryStoreId());
		Map<String, String> again = contents(
				awaitStatus(create(dream(input, session)).id(), BetaDreamStatus.COMPLETED).outputs()
					.get(0)
					.memoryStoreId());

		assertThat(again).isEqualTo(once);
	}

	@Test
	void aSecondDreamOfADreamedStoreChangesNothing() {
		String input = newStore("Settled");
		createMemory(input, "/x.md", "same\n");
		createMemory(input, "/y.md", "same\n");
		String session = sessionSaying(input, MAYA);
		String output = awaitStatus(create(dream(input, session)).id(), BetaDreamStatus.COMPLETED).outputs()
			.get(0)
			.memoryStoreId();
		Map<String, String> settled = contents(output);

		Map<String, String> redreamed = contents(
				awaitStatus(create(dream(output, session)).id(), BetaDreamStatus.COMPLETED).outputs()
					.get(0)
					.memoryStoreId());

		assertThat(redreamed).isEqualTo(settled);
	}

	/**
	 * About 95 KB of numbered lines, over the split size and under the 100 KB limit.
	 */
	static String bigContent() {
		StringBuilder content = new StringBuilder("# Big log\n");
		for (int i = 0; content.length() < 95 * 1024; i++) {
			content.append("entry ").append(i).append(": the build of ").append(i).append(" passed\n");
		}
		return content.toString();
	}

	private static int occurrences(Map<String, String> contents, String text) {
		List<String> found = new ArrayList<>();
		contents.values().forEach((content) -> {
			int at = content.indexOf(text);
			while (at >= 0) {
				found.add(text);
				at = content.indexOf(text, at + 1);
			}
		});
		return found.size();
	}

}
