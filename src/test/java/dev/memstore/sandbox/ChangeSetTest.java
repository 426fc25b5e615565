package dev.memstore.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.memstore.memory.Memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a call holds back until it is committed: the view through its changes, rolled back
 * to a mark when an operation is refused part way, and bounded in size whatever the call
 * does.
 */
@Tag("fast")
class ChangeSetTest {

	private static final String STORE = "memstore_test";

	@Test
	void aRollBackForgetsTheChangesSinceTheMarkAndRestoresTheView() {
		ChangeSet changes = new ChangeSet();
		Memory stored = stored("/a.md", "a");
		changes.create(STORE, "/b.md", "b");
		ChangeSet.Mark mark = changes.mark();
		changes.update(stored, null, "/c.md");
		changes.delete(changes.at(STORE, "/b.md").memory());

		assertThat(changes.at(STORE, "/a.md").isRemoved()).isTrue();
		assertThat(changes.at(STORE, "/b.md").isRemoved()).isTrue();
		changes.rollBackTo(mark);

		assertThat(changes.at(STORE, "/a.md")).as("untouched again").isNull();
		assertThat(changes.at(STORE, "/c.md")).isNull();
		assertThat(changes.at(STORE, "/b.md").memory().content()).isEqualTo("b");
		assertThat(changes.changes()).hasSize(1);
	}

	@Test
	void aCallHoldsAtMostSixteenMegabytesOfContentAndRolledBackContentFreesItsRoom() {
		ChangeSet changes = new ChangeSet();
		String content = "x".repeat(100_000);
		int fitting = (int) (ChangeSet.MAX_HELD_CHARS / content.length());
		ChangeSet.Mark start = changes.mark();
		for (int i = 0; i < fitting; i++) {
			changes.create(STORE, "/" + i + ".md", content);
		}

		assertThatExceptionOfType(SandboxException.class)
			.isThrownBy(() -> changes.create(STORE, "/one-more.md", content))
			.withMessageContaining("more than 16 MB of content");
		changes.rollBackTo(start);
		changes.create(STORE, "/one-more.md", content);
		assertThat(changes.changes()).hasSize(1);
	}

	@Test
	void aCallMakesAtMostTwentyThousandChanges() {
		ChangeSet changes = new ChangeSet();
		for (int i = 0; i < ChangeSet.MAX_CHANGES; i++) {
			changes.delete(stored("/" + i + ".md", ""));
		}

		assertThatExceptionOfType(SandboxException.class).isThrownBy(() -> changes.delete(stored("/last.md", "")))
			.withMessageContaining("more than 20000 files");
	}

	@Test
	void pathsSortAsTheDatabaseSortsThemByteWise() {
		String bmpAtTheTop = "/\uFFFD.md";
		String emoji = "/\uD83D\uDE00.md";
		assertThat(bmpAtTheTop.compareTo(emoji)).as("UTF-16 order differs").isPositive();

		assertThat(ChangeSet.PATH_ORDER.compare(bmpAtTheTop, emoji)).isNegative();
		assertThat(compareUtf8(bmpAtTheTop, emoji)).isNegative();
		assertThat(ChangeSet.PATH_ORDER.compare("/a", "/a/b")).isNegative();
		assertThat(ChangeSet.PATH_ORDER.compare("/a.md", "/a/b")).isNegative();
		assertThat(ChangeSet.PATH_ORDER.compare("/b", "/b")).isZero();
	}

	private static int compareUtf8(String left, String right) {
		return Arrays.compareUnsigned(left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));
	}

	private static Memory stored(String path, String content) {
		return new Memory("mem_" + path.hashCode(), "memory", STORE, path, content, "0".repeat(64), content.length(),
				"memver_1", Instant.EPOCH, Instant.EPOCH);
	}

}
