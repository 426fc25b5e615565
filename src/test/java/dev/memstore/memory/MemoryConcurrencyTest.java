package dev.memstore.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ConflictException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsMemory;
import com.anthropic.models.beta.memorystores.memories.BetaManagedAgentsPrecondition;
import com.anthropic.models.beta.memorystores.memories.MemoryDeleteParams;
import com.anthropic.models.beta.memorystores.memories.MemoryRetrieveParams;
import com.anthropic.models.beta.memorystores.memories.MemoryUpdateParams;
import dev.memstore.support.Hashes;
import dev.memstore.support.Sdk;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients writing one store at once, through the SDK; afterwards the database itself
 * is checked: the path rules and the cap held, no precondition lost an update, and every
 * accepted write left exactly one version. A small cap makes the cap reachable.
 */
@SmallCapIntegrationTest
class MemoryConcurrencyTest extends StoreTestSupport {

	private static final int WRITERS = 16;

	/**
	 * Clients of the lost-update drill (D1), which asks for 32.
	 */
	private static final int INCREMENTERS = 32;

	@Autowired
	JdbcTemplate jdbc;

	/**
	 * A client that never retries, so that a server error under load fails the test
	 * instead of being retried away.
	 */
	@Override
	AnthropicClient newClient(String apiKey) {
		return Sdk.clientWithoutRetries(this.port, apiKey);
	}

	@Test
	void racingCreatesKeepPathsUniqueAndUnnestedAndStopExactlyAtTheCap() throws Exception {
		// 100 groups of three nested paths: at most one per group can exist, and 100 >
		// CAP.
		List<String> candidates = new ArrayList<>();
		for (int group = 0; group < 100; group++) {
			candidates.add("/g" + group);
			candidates.add("/g" + group + "/x");
			candidates.add("/g" + group + "/x/y.md");
		}
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		AtomicInteger refusedForCap = new AtomicInteger();
		inParallel(WRITERS, (writer) -> {
			List<String> order = new ArrayList<>(candidates);
			Collections.shuffle(order, new Random(writer));
			for (String path : order) {
				try {
					acknowledged.add(create(path, "by writer " + writer).id());
				}
				catch (ConflictException expected) {
					// another writer holds this path or a relative of it
				}
				catch (BadRequestException expected) {
					refusedForCap.incrementAndGet();
				}
			}
		});

		List<String> paths = this.jdbc.queryForList("select path from memories where memory_store_id = ? order by path",
				String.class, this.storeId);
		assertThat(paths).hasSize(SmallCapIntegrationTest.CAP).doesNotHaveDuplicates();
		for (String path : paths) {
			assertThat(paths).noneMatch((other) -> other.startsWith(path + "/"));
		}
		assertThat(refusedForCap.get()).isPositive();
		assertThat(
				this.jdbc.queryForList("select id from memories where memory_store_id = ?", String.class, this.storeId))
			.containsExactlyInAnyOrderElementsOf(acknowledged);
		assertHeadsAndDeletionsAreRecorded();
	}

	@Test
	void preconditionsNeverLoseAnIncrement() throws Exception {
		BetaManagedAgentsMemory counter = create("/counter.md", "0");
		int incrementsPerWriter = 5;
		AtomicInteger conflicts = new AtomicInteger();
		inParallel(INCREMENTERS, (writer) -> {
			for (int done = 0; done < incrementsPerWriter;) {
				String current = this.client.beta()
					.memoryStores()
					.memories()
					.retrieve(counter.id(), MemoryRetrieveParams.builder().memoryStoreId(this.storeId).build())
					.content()
					.orElseThrow();
				// The writer's name makes each new content one that no other writer could
				// ask for, so a success is always this writer's own increment, never
				// another's identical result.
				String next = (Integer.parseInt(current.split(" ")[0]) + 1) + " by writer " + writer;
				try {
					this.client.beta()
						.memoryStores()
						.memories()
						.update(counter.id(),
								MemoryUpdateParams.builder()
									.memoryStoreId(this.storeId)
									.content(next)
									.precondition(BetaManagedAgentsPrecondition.builder()
										.contentSha256(Hashes.sha256(current))
										.build())
									.build());
					done++;
				}
				catch (ConflictException lostTheRace) {
					conflicts.incrementAndGet();
				}
			}
		});

		int total = INCREMENTERS * incrementsPerWriter;
		assertThat(this.jdbc.queryForObject("select content from memories where id = ?", String.class, counter.id()))
			.startsWith(total + " by writer ");
		List<String> written = this.jdbc.queryForList(
				"select content from memory_versions where memory_id = ? and operation = 'modified' order by created_at, id",
				String.class, counter.id());
		assertThat(written).hasSize(total);
		for (int i = 0; i < total; i++) {
			assertThat(written.get(i)).startsWith((i + 1) + " by writer ");
		}
		assertThat(conflicts.get()).as("the writers did race").isPositive();
	}

	@Test
	void everyAcceptedWriteOfAMixedWorkloadHasExactlyOneVersion() throws Exception {
		Map<String, Set<String>> acknowledgedVersions = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> acknowledgedDeletes = new ConcurrentHashMap<>();
		inParallel(WRITERS, (writer) -> {
			Random random = new Random(writer);
			String mine = null;
			for (int step = 0; step < 25; step++) {
				try {
					if (mine == null) {
						BetaManagedAgentsMemory created = create("/w" + writer + "/m" + step + ".md", "start");
						mine = created.id();
						acknowledge(acknowledgedVersions, created);
						continue;
					}
					BetaManagedAgentsMemory written = switch (random.nextInt(4)) {
						case 0 -> update(mine, MemoryUpdateParams.builder().content("step " + step));
						case 1 -> update(mine, MemoryUpdateParams.builder().path("/w" + writer + "/r" + step + ".md"));
						// A path every writer competes for; moving there again is a no-op
						// and writes nothing.
						case 2 -> update(mine, MemoryUpdateParams.builder().path("/shared/hot.md"));
						default -> null;
					};
					if (written != null) {
						acknowledge(acknowledgedVersions, written);
					}
					else {
						this.client.beta()
							.memoryStores()
							.memories()
							.delete(mine, MemoryDeleteParams.builder().memoryStoreId(this.storeId).build());
						acknowledgedDeletes.computeIfAbsent(mine, (id) -> new AtomicInteger()).incrementAndGet();
						mine = null;
					}
				}
				catch (ConflictException | NotFoundException refused) {
					// refused writes must leave no trace
				}
			}
		});

		assertHeadsAndDeletionsAreRecorded();
		acknowledgedVersions.forEach((memoryId, versionIds) -> {
			assertThat(this.jdbc.queryForList(
					"select id from memory_versions where memory_id = ? and operation <> 'deleted'", String.class,
					memoryId))
				.as("versions of %s", memoryId)
				.containsExactlyInAnyOrderElementsOf(versionIds);
			assertThat(this.jdbc.queryForObject(
					"select count(*) from memory_versions where memory_id = ? and operation = 'deleted'", Integer.class,
					memoryId))
				.as("deletions of %s", memoryId)
				.isEqualTo(acknowledgedDeletes.containsKey(memoryId) ? acknowledgedDeletes.get(memoryId).get() : 0);
		});
		assertThat(this.jdbc.queryForObject(
				"select count(distinct memory_id) from memory_versions where memory_store_id = ?", Integer.class,
				this.storeId))
			.isEqualTo(acknowledgedVersions.size());
		assertThat(this.jdbc.queryForObject(
				"select count(*) from memories where memory_store_id = ? and path = '/shared/hot.md'", Integer.class,
				this.storeId))
			.isLessThanOrEqualTo(1);
	}

	/**
	 * Records the version a client was told is the memory's current one; a no-op update
	 * repeats a version already recorded.
	 */
	private static void acknowledge(Map<String, Set<String>> acknowledgedVersions, BetaManagedAgentsMemory memory) {
		acknowledgedVersions.computeIfAbsent(memory.id(), (id) -> ConcurrentHashMap.newKeySet())
			.add(memory.memoryVersionId());
	}

	/**
	 * Every live memory's head is its newest version, and every memory that is gone has a
	 * deleted version.
	 */
	private void assertHeadsAndDeletionsAreRecorded() {
		List<Map<String, Object>> heads = this.jdbc.queryForList("""
				select m.id, m.memory_version_id,
				       (select v.id from memory_versions v where v.memory_id = m.id
				         order by v.created_at desc, v.id desc limit 1) as newest
				  from memories m where m.memory_store_id = ?""", this.storeId);
		assertThat(heads).allSatisfy((row) -> assertThat(row.get("memory_version_id")).isEqualTo(row.get("newest")));
		assertThat(this.jdbc.queryForObject(
				"""
						select count(*) from memory_versions v
						 where v.memory_store_id = ? and v.operation = 'created'
						   and not exists (select 1 from memories m where m.id = v.memory_id)
						   and not exists (select 1 from memory_versions d where d.memory_id = v.memory_id and d.operation = 'deleted')
						""",
				Integer.class, this.storeId))
			.as("memories that vanished without a deleted version")
			.isZero();
	}

	private static void inParallel(int writers, Writer writer) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < writers; i++) {
				int id = i;
				running.add(pool.submit(() -> {
					writer.write(id);
					return null;
				}));
			}
			for (Future<?> future : running) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface Writer {

		void write(int writer) throws AnthropicServiceException;

	}

}
