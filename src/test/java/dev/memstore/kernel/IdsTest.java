package dev.memstore.kernel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("fast")
class IdsTest {

	@Test
	void idsCarryTheirPrefixAndAFixedLengthAlphanumericBody() {
		String id = Ids.next("memstore_");

		assertThat(id).matches("memstore_01[0-9A-Za-z]{22}");
		assertThat(Ids.isWellFormed(id, "memstore_")).isTrue();
	}

	@Test
	void idsMadeOneAfterAnotherSortByteWiseInCreationOrderAndNeverRepeat() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 50_000; i++) {
			ids.add(Ids.next("mem_"));
		}

		assertThat(ids).isSorted();
		assertThat(new HashSet<>(ids)).hasSize(ids.size());
	}

	@Test
	void malformedIdsAreRecognised() {
		String valid = Ids.next("mem_");

		assertThat(Ids.isWellFormed(valid, "memstore_")).isFalse();
		assertThat(Ids.isWellFormed(valid + "x", "mem_")).isFalse();
		assertThat(Ids.isWellFormed(valid.substring(0, valid.length() - 1) + "-", "mem_")).isFalse();
		assertThat(Ids.isWellFormed("mem_", "mem_")).isFalse();
		assertThat(Ids.isWellFormed(null, "mem_")).isFalse();
	}

}
