package dev.memstore.dream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.memstore.kernel.Sha256;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline dream's rules without a database: the plan of a store, and that planning
 * again from a store left half-way (a dream resumed after a restart) ends the same.
 */
class OfflineConsolidationTest {

	static final List<DreamWork.SentMessage> MESSAGES = List.of(
			new DreamWork.SentMessage(Instant.parse("2026-12-01T10:00:00Z"), "Remember: I'm Ada from Lovelace Ltd."),
			new DreamWork.SentMessage(Instant.parse("2026-12-01T10:01:00Z"), "Note that the office is closed Monday."),
			new DreamWork.SentMessage(Instant.parse("2026-12-01T10:02:00Z"), "How are you?"));

	@Test
	void planningAgainFromAHalfDoneStoreEndsTheSame() {
		Map<String, String> store = new TreeMap<>(Map.of("/a.md", "dup\n", "/b.md", "dup\n", "/c.md", "dup\n",
				"/big.md", OfflineDreamGuaranteesTest.bigContent(), "/notes.md", "# Notes\nkeep\n"));
		Map<String, String> whole = carryOut(store, plan(store), Integer.MAX_VALUE);
		for (int steps = 0; steps < plan(store).steps().size(); steps++) {
			Map<String, String> halfDone = carryOut(store, plan(store), steps);
			assertThat(carryOut(halfDone, plan(halfDone), Integer.MAX_VALUE)).as("resumed after " + steps + " steps")
				.isEqualTo(whole);
		}
		assertThat(carryOut(whole, plan(whole), Integer.MAX_VALUE)).as("a settled store stays as it is")
			.isEqualTo(whole);
	}

	@Test
	void aLineLongerThanAPartIsCutAtCharacterBoundariesAndNothingIsLost() {
		String line = "\u00e9".repeat(50_000) + "\n";
		List<OfflinePlan.Part> parts = OfflineConsolidation.split("# Head\n" + line + "tail\n", "/x");

		assertThat(parts.stream().map(OfflinePlan.Part::content).collect(Collectors.joining()))
			.isEqualTo("# Head\n" + line + "tail\n");
		assertThat(parts).allSatisfy((part) -> assertThat(part.content().getBytes(StandardCharsets.UTF_8).length)
			.isLessThanOrEqualTo(OfflineConsolidation.SPLIT_BYTES));
		assertThat(parts.get(0).path()).isEqualTo("/x/part-1.md");
	}

	@Test
	void anIndexOverTheSplitSizeContinuesInFurtherFiles() {
		Map<String, String> store = new TreeMap<>();
		for (int i = 0; i < 2000; i++) {
			store.put("/topics/" + i + ".md", "# Topic number " + i + " with a summary long enough to add up\nbody\n");
		}
		Map<String, String> after = carryOut(store, plan(store), Integer.MAX_VALUE);

		assertThat(after).containsKeys("/_index.md", "/_index-2.md");
		assertThat(after.get("/_index.md")).contains("Continued in /_index-2.md");
		String allIndexes = after.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith("/_index"))
			.map(Map.Entry::getValue)
			.collect(Collectors.joining());
		store.keySet().forEach((path) -> assertThat(allIndexes).contains("- " + path + ": Topic number"));
		after.forEach((path, content) -> assertThat(content.getBytes(StandardCharsets.UTF_8).length)
			.isLessThanOrEqualTo(OfflineConsolidation.SPLIT_BYTES));
	}

	@Test
	void aMemoryTheDreamDidNotWriteKeepsTheIndexPathAndTheIndexGoesBeside() {
		Map<String, String> store = new TreeMap<>(Map.of("/_index.md", "my own index\n", "/a.md", "a\n"));
		Map<String, String> after = carryOut(store, plan(store), Integer.MAX_VALUE);

		assertThat(after.get("/_index.md")).isEqualTo("my own index\n");
		assertThat(after.get("/_index-dream.md")).contains("- /_index.md: my own index").contains("- /a.md: a");
	}

	@Test
	void requestsToRememberGoToTheirSubjectsFileDatedByTheirMessage() {
		Map<String, String> after = carryOut(new TreeMap<>(), plan(new TreeMap<>()), Integer.MAX_VALUE);

		assertThat(after.get("/users/ada/profile.md"))
			.isEqualTo("# Ada\n\n- 2026-12-01: Remember: I'm Ada from Lovelace Ltd.\n");
		assertThat(after.get("/remembered.md"))
			.isEqualTo("# Remembered\n\n- 2026-12-01: Note that the office is closed Monday.\n");
	}

	private static OfflinePlan plan(Map<String, String> store) {
		OfflineConsolidation consolidation = new OfflineConsolidation(MESSAGES);
		store.forEach((path, content) -> consolidation.read(path,
				Sha256.hex(Sha256.digest(content.getBytes(StandardCharsets.UTF_8))),
				content.getBytes(StandardCharsets.UTF_8).length, content));
		return consolidation.plan();
	}

	/**
	 * The store after the plan's first {@code steps} steps, as the offline dreamer does
	 * them (a split writes its parts, then deletes the original).
	 */
	private static Map<String, String> carryOut(Map<String, String> store, OfflinePlan plan, int steps) {
		Map<String, String> result = new TreeMap<>(store);
		for (OfflinePlan.Step step : plan.steps().subList(0, Math.min(steps, plan.steps().size()))) {
			if (step instanceof OfflinePlan.Delete delete) {
				delete.paths().forEach(result::remove);
			}
			else if (step instanceof OfflinePlan.Write write) {
				result.put(write.path(), write.content());
			}
			else if (step instanceof OfflinePlan.Split split) {
				OfflineConsolidation.split(result.get(split.path()), split.folder())
					.forEach((part) -> result.put(part.path(), part.content()));
				result.remove(split.path());
			}
		}
		return result;
	}

}
