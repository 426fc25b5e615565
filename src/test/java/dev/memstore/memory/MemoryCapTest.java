package dev.memstore.memory;

import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ConflictException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.MemoryCreateParams;
import com.anthropic.models.beta.memorystores.memories.MemoryDeleteParams;
import com.anthropic.models.beta.memorystores.memories.MemoryRetrieveParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The per-store memory cap: creating beyond it is refused, everything else still works.
 */
@SmallCapIntegrationTest
class MemoryCapTest extends StoreTestSupport {

	BetaManagedAgentsMemory first;

	@BeforeEach
	void fillAStore() {
		this.first = createIn(this.storeId, "/m0.md");
		for (int i = 1; i < SmallCapIntegrationTest.CAP; i++) {
			createIn(this.storeId, "/m" + i + ".md");
		}
	}

	@Test
	void aFullStoreRefusesNewMemoriesNamingTheLimit() {
		BadRequestException refused = assertThrows(BadRequestException.class,
				() -> createIn(this.storeId, "/one-more.md"));

		assertThat(refused.apiMessage()).hasValueSatisfying((message) -> assertThat(message)
			.contains("memstore.limits.memories-per-store = " + SmallCapIntegrationTest.CAP));
		assertThat(this.client.beta().memoryStores().memories().list(this.storeId).autoPager().stream().count())
			.isEqualTo(SmallCapIntegrationTest.CAP);
	}

	@Test
	void aFullStoresMemoriesCanStillBeEditedRenamedAndDeleted() {
		BetaManagedAgentsMemory edited = this.client.beta()
			.memoryStores()
			.memories()
			.update(this.first.id(),
					MemoryUpdateParams.builder()
						.memoryStoreId(this.storeId)
						.content("edited")
						.path("/renamed.md")
						.build());
		this.client.beta()
			.memoryStores()
			.memories()
			.delete(edited.id(), MemoryDeleteParams.builder().memoryStoreId(this.storeId).build());

		assertThat(edited.path()).isEqualTo("/renamed.md");
		assertThat(createIn(this.storeId, "/room-again.md").path()).isEqualTo("/room-again.md");
	}

	@Test
	void renamingNeitherFreesNorTakesRoomAndEachDeleteFreesOne() {
		this.client.beta()
			.memoryStores()
			.memories()
			.update(this.first.id(),
					MemoryUpdateParams.builder().memoryStoreId(this.storeId).path("/dir/renamed.md").build());
		assertThrows(BadRequestException.class, () -> createIn(this.storeId, "/after-rename.md"));

		this.client.beta()
			.memoryStores()
			.memories()
			.delete(this.first.id(), MemoryDeleteParams.builder().memoryStoreId(this.storeId).build());
		createIn(this.storeId, "/after-delete.md");

		assertThrows(BadRequestException.class, () -> createIn(this.storeId, "/one-too-many.md"));
	}

	@Test
	void aFullStoreCanBeDeletedWithItsMemories() {
		this.client.beta().memoryStores().delete(this.storeId);

		assertThrows(NotFoundException.class,
				() -> this.client.beta()
					.memoryStores()
					.memories()
					.retrieve(this.first.id(), MemoryRetrieveParams.builder().memoryStoreId(this.storeId).build()));
	}

	@Test
	void theCapCountsPerStore() {
		assertThat(createIn(newStore(), "/elsewhere.md").path()).isEqualTo("/elsewhere.md");
	}

	@Test
	void aPathConflictIsReportedBeforeTheCap() {
		assertThrows(ConflictException.class, () -> createIn(this.storeId, "/m1.md"));
	}

	private BetaManagedAgentsMemory createIn(String storeId, String path) {
		return this.client.beta()
			.memoryStores()
			.memories()
			.create(storeId, MemoryCreateParams.builder().path(path).content("x").build());
	}

}
