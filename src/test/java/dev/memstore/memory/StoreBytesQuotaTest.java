package dev.memstore.memory;

import com.anthropic.errors.BadRequestException;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryDeleteParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import dev.memstore.support.LimitsIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The quota on the bytes a store holds ({@code memstore.limits.bytes-per-store}): the
 * content of its live memories, whatever writes it.
 */
@LimitsIntegrationTest
class StoreBytesQuotaTest extends StoreTestSupport {

	private static final int QUOTA = LimitsIntegrationTest.BYTES;

	@Test
	void aCreateThatWouldGoBeyondTheQuotaIsRefusedNamingTheSetting() {
		create("/a.md", "a".repeat(600));
		create("/b.md", "b".repeat(QUOTA - 600));

		BadRequestException refused = assertThrows(BadRequestException.class, () -> create("/c.md", "c"));

		assertThat(refused.apiMessage())
			.hasValueSatisfying((message) -> assertThat(message).contains("memstore.limits.bytes-per-store = " + QUOTA)
				.contains("would hold " + (QUOTA + 1) + " bytes"));
		assertThat(refused.headers().values("x-should-retry")).containsExactly("false");
	}

	@Test
	void bytesCountInUtf8AndEachStoreHasItsOwn() {
		create("/euro.md", "€".repeat(QUOTA / 3));

		assertThrows(BadRequestException.class, () -> create("/more.md", "x".repeat(QUOTA % 3 + 1)));
		assertThat(createIn(newStore(), "/elsewhere.md", "x".repeat(QUOTA)).contentSizeBytes()).isEqualTo(QUOTA);
	}

	@Test
	void anUpdateMayShrinkOrKeepButNotGrowBeyondTheQuota() {
		BetaManagedAgentsMemory big = create("/big.md", "x".repeat(900));
		create("/other.md", "o".repeat(QUOTA - 905));

		assertThrows(BadRequestException.class, () -> update(big, "y".repeat(906)));
		update(big, "y".repeat(900));
		update(big, "short");
		assertThat(create("/room.md", "z".repeat(900)).contentSizeBytes()).isEqualTo(900);
	}

	@Test
	void aDeleteFreesItsBytes() {
		BetaManagedAgentsMemory full = create("/full.md", "x".repeat(QUOTA));
		assertThrows(BadRequestException.class, () -> create("/next.md", "y"));

		this.client.beta()
			.memoryStores()
			.memories()
			.delete(full.id(), MemoryDeleteParams.builder().memoryStoreId(this.storeId).build());

		assertThat(create("/next.md", "y").contentSizeBytes()).isEqualTo(1);
	}

	private void update(BetaManagedAgentsMemory memory, String content) {
		this.client.beta()
			.memoryStores()
			.memories()
			.update(memory.id(), MemoryUpdateParams.builder().memoryStoreId(this.storeId).content(content).build());
	}

	private BetaManagedAgentsMemory createIn(String storeId, String path, String content) {
		return this.client.beta()
			.memoryStores()
			.memories()
			.create(storeId, MemoryCreateParams.builder().path(path).content(content).build());
	}

}
