package dev.memstore.runtime;

import java.util.List;

import dev.memstore.runtime.MemoryRelevance.Match;
import dev.memstore.runtime.MemoryRelevance.MemoryFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("fast")
class MemoryRelevanceTest {

	@Test
	void wordsAreLowercaseRunsOfLettersDigitsAndHashWithoutStopwordsOrSingleCharacters() {
		assertThat(MemoryRelevance.words("Don't forget: the Äpfel of Acme-Corp use #0E7A4F, x 2 v2!"))
			.containsExactly("äpfel", "acme", "corp", "use", "#0e7a4f", "v2");
	}

	@Test
	void rankOrdersBySharedWordsThenPathThenLineAndKeepsTheTopLines() {
		List<MemoryFile> files = List.of(
				new MemoryFile("/mnt/memory/b/x.md",
						List.of("alpha beta gamma", "alpha", "# alpha beta gamma", "", "- alpha beta", "gamma")),
				new MemoryFile("/mnt/memory/a/y.md", List.of("## Alpha", "* Alpha, BETA", "gamma", "delta")));

		List<Match> ranked = MemoryRelevance.rank("Alpha beta and gamma?", files, 5);

		assertThat(ranked).containsExactly(new Match("/mnt/memory/b/x.md", 1, "alpha beta gamma", 3),
				new Match("/mnt/memory/a/y.md", 2, "Alpha, BETA", 2),
				new Match("/mnt/memory/b/x.md", 5, "alpha beta", 2), new Match("/mnt/memory/a/y.md", 3, "gamma", 1),
				new Match("/mnt/memory/b/x.md", 2, "alpha", 1));
	}

	@Test
	void rankCountsEachSharedWordOnce() {
		List<MemoryFile> files = List.of(new MemoryFile("/m/a.md", List.of("tea tea tea tea", "tea and cake")));

		assertThat(MemoryRelevance.rank("tea cake", files, 5)).extracting(Match::text)
			.containsExactly("tea and cake", "tea tea tea tea");
	}

	@Test
	void rankFindsNothingWhenOnlyStopwordsAreShared() {
		List<MemoryFile> files = List.of(new MemoryFile("/m/a.md", List.of("What is the plan for this?")));

		assertThat(MemoryRelevance.rank("What is this?", files, 5)).isEmpty();
	}

}
