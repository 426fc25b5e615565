package dev.memstore.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.memstore.memory.Memory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison behind a dream's review: path by path as the mirror that adopts a dream
 * changes the input store, in the order stores list their memories, keeping only the
 * first differences.
 */
class StoreComparisonTest {

	@Test
	void aPathOnlyTheOutputHoldsIsAddedOnlyTheInputHoldsIsRemovedAndADifferentHashIsChanged() {
		List<Memory> input = List.of(memory("/a.md", "1"), memory("/b.md", "2"), memory("/d.md", "4"));
		List<Memory> output = List.of(memory("/a.md", "1"), memory("/c.md", "3"), memory("/d.md", "5"));

		StoreComparison.Differences differences = StoreComparison.compare(input.iterator(), output.iterator(), 200);

		assertThat(differences.added()).extracting(Memory::path).containsExactly("/c.md");
		assertThat(differences.removed()).extracting(Memory::path).containsExactly("/b.md");
		assertThat(differences.changed()).extracting(StoreComparison.Change::path).containsExactly("/d.md");
		assertThat(differences.changed().get(0).before().contentSha256()).isEqualTo("4");
		assertThat(differences.changed().get(0).after().contentSha256()).isEqualTo("5");
		assertThat(differences.unchangedCount()).isEqualTo(1);
		assertThat(differences.notShown()).isZero();
		assertThat(differences.none()).isFalse();
	}

	@Test
	void onlyTheFirstDifferencesInPathOrderAreKeptAndEveryOneIsCounted() {
		List<Memory> input = new ArrayList<>();
		List<Memory> output = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			String path = String.format("/m%04d.md", i);
			if (i % 3 == 0) {
				input.add(memory(path, "old"));
			}
			else if (i % 3 == 1) {
				output.add(memory(path, "new"));
			}
			else {
				input.add(memory(path, "old"));
				output.add(memory(path, "new"));
			}
		}

		StoreComparison.Differences differences = StoreComparison.compare(input.iterator(), output.iterator(), 200);

		assertThat(differences.removedCount()).isEqualTo(100);
		assertThat(differences.addedCount()).isEqualTo(100);
		assertThat(differences.changedCount()).isEqualTo(100);
		assertThat(differences.shown()).isEqualTo(200);
		assertThat(differences.notShown()).isEqualTo(100);
		assertThat(differences.removed()).hasSize(67).last().extracting(Memory::path).isEqualTo("/m0198.md");
		assertThat(differences.changed()).last().extracting(StoreComparison.Change::path).isEqualTo("/m0197.md");
	}

	@Test
	void pathsAreWalkedInTheStoresByteOrderNotInJavasUtf16Order() {
		// U+FF01 sorts before U+1F600 in UTF-8 bytes (and code points), after it in
		// UTF-16.
		String fullwidth = "/\uFF01.md";
		String emoji = "/\uD83D\uDE00.md";
		List<Memory> input = List.of(memory(fullwidth, "1"), memory(emoji, "2"));
		List<Memory> output = List.of(memory(emoji, "2"));

		StoreComparison.Differences differences = StoreComparison.compare(input.iterator(), output.iterator(), 200);

		assertThat(StoreComparison.comparePaths(fullwidth, emoji)).isNegative();
		assertThat(differences.removed()).extracting(Memory::path).containsExactly(fullwidth);
		assertThat(differences.added()).isEmpty();
		assertThat(differences.unchangedCount()).isEqualTo(1);
	}

	private static Memory memory(String path, String sha256) {
		Instant now = Instant.now();
		return new Memory("mem_" + path, "memory", "memstore_x", path, null, sha256, 1, "memver_" + path, now, now);
	}

}
