package dev.memstore.memory;

import java.util.List;

import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;
import dev.memstore.store.MemoryStore;
import dev.memstore.store.MemoryStoreCreateRequest;
import dev.memstore.store.MemoryStoreService;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction that creates a store (an entity, which Hibernate writes only when it
 * flushes) and then works in it through the memory service, whose SQL asks the store
 * module about the store: the store's SQL flushes first, so it sees the new store.
 */
@MemstoreIntegrationTest
class EntityFlushTest {

	@LocalServerPort
	int port;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	MemoryStoreService stores;

	@Autowired
	MemoryService memories;

	@Test
	void aStoreCreatedInTheTransactionIsSeenByTheSqlThatFollows() {
		String workspaceId = TestWorkspaces.create(this.port).id();
		List<String> paths = new TransactionTemplate(this.transactionManager).execute((status) -> {
			MemoryStore store = this.stores.create(workspaceId,
					new MemoryStoreCreateRequest("Made and filled at once", null, null));
			ListPage<MemoryListItem> before = this.memories.list(workspaceId, store.id(),
					MemoryListQuery.parse(null, null, null, null, null), new PageParams(10, null));
			assertThat(before.data()).isEmpty();
			this.memories.create(workspaceId, store.id(), new MemoryCreateRequest("/a.md", "a"), Actor.user("test"),
					MemoryView.BASIC);
			this.memories.findByPath(workspaceId, store.id(), "/a.md", MemoryView.BASIC).orElseThrow();
			return this.memories
				.list(workspaceId, store.id(), MemoryListQuery.parse(null, null, null, null, null),
						new PageParams(10, null))
				.data()
				.stream()
				.map(MemoryListItem::path)
				.toList();
		});

		assertThat(paths).containsExactly("/a.md");
	}

}
