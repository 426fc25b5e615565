package dev.memstore.dream;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.anthropic.models.beta.dreams.BetaDream;
import com.anthropic.models.beta.dreams.BetaDreamStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.memstore.kernel.Ids;
import dev.memstore.support.MemstoreIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dream schedules running: a due schedule creates one dream of the sessions that mounted
 * its store since its previous run, which completes offline; due times missed while
 * memstore was down run once; two workers claiming at once create one dream; a run with
 * no session is skipped; a refused dream still moves the schedule on; a disabled schedule
 * never runs. The tests make schedules due in the database and run the worker's pass
 * themselves.
 */
@MemstoreIntegrationTest
class DreamScheduleRunTest extends DreamScheduleTestSupport {

	@Autowired
	DreamScheduler scheduler;

	@Autowired
	DreamScheduleService schedules;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void aDueScheduleCreatesOneDreamOfTheSessionsThatMountedItsStoreSinceItWasCreated() {
		String store = newStore("Acme support");
		String otherStore = newStore("Elsewhere");
		createMemory(store, "/notes/a.md", "# Shipping\nShips on Mondays.\n");
		String before = sessionMounting(store);
		JsonNode created = createSchedule(store,
				"\"cron\":\"0 3 * * *\",\"model\":\"memstore-offline\",\"instructions\":\"Keep it tidy.\"");
		String scheduleId = created.path("id").asString();
		String maya = sessionSaying(store, "Remember that I'm Maya from Acme Corp and I prefer email.");
		String quiet = sessionMounting(store);
		sessionMounting(otherStore);

		makeDue(scheduleId, Instant.now().minusSeconds(60));
		this.scheduler.runDue();
		this.scheduler.runDue();

		JsonNode ran = schedule(scheduleId);
		String dreamId = ran.path("last_dream_id").asString();
		assertThat(dreamId).startsWith("drm_");
		assertThat(ran.path("last_result").asString()).isEqualTo("created dream " + dreamId);
		Instant ranAt = instant(ran.path("last_run_at"));
		assertThat(instant(ran.path("next_run_at"))).isAfter(ranAt).isBefore(ranAt.plus(Duration.ofDays(1)));
		assertThat(dreamsOfWorkspace()).as("one dream, however often the worker looks").isEqualTo(1);

		BetaDream dream = this.client.beta().dreams().retrieve(dreamId);
		assertThat(dream.inputs().get(0).asMemoryStore().memoryStoreId()).isEqualTo(store);
		assertThat(dream.inputs().get(1).asSessions().sessionIds()).as("created since the schedule, mounting its store")
			.containsExactly(maya, quiet)
			.doesNotContain(before);
		assertThat(dream.model().id()).isEqualTo("memstore-offline");
		assertThat(dream.instructions()).contains("Keep it tidy.");
		assertThat(dreamsApi("GET", "/v1/dreams/" + dreamId, null).json().path("schedule_id").asString())
			.isEqualTo(scheduleId);

		BetaDream done = awaitStatus(dreamId, BetaDreamStatus.COMPLETED);
		assertThat(contents(done.outputs().get(0).memoryStoreId()).get("/users/maya/profile.md"))
			.contains("I prefer email.");
	}

	@Test
	void theApplicationsOwnWorkerRunsAScheduleWhenItIsDue() {
		String store = newStore("Every second");
		String scheduleId = createSchedule(store,
				"\"cron\":\"* * * * * *\",\"model\":\"memstore-offline\",\"enabled\":false")
			.path("id")
			.asString();
		String session = sessionMounting(store);
		try {
			operator("POST", schedulesPath() + "/" + scheduleId, "{\"enabled\":true}");

			String dreamId = await().atMost(DREAM_TIMEOUT)
				.until(() -> schedule(scheduleId).path("last_dream_id").asString(""), (id) -> !id.isEmpty());
			assertThat(this.client.beta().dreams().retrieve(dreamId).inputs().get(1).asSessions().sessionIds())
				.containsExactly(session);
			awaitStatus(dreamId, BetaDreamStatus.COMPLETED);
		}
		finally {
			operator("DELETE", schedulesPath() + "/" + scheduleId, null);
		}
	}

	@Test
	void theNextRunReadsOnlyTheSessionsCreatedSinceThePreviousRunNotTheDreamsOwn() {
		String store = newStore("In place");
		String scheduleId = createSchedule(store,
				"\"cron\":\"0 3 * * *\",\"model\":\"memstore-offline\","
						+ "\"output_behavior\":{\"type\":\"update_existing\",\"memory_store_id\":\"" + store + "\"}")
			.path("id")
			.asString();
		String first = sessionMounting(store);
		makeDue(scheduleId, Instant.now());
		this.scheduler.runDue();
		String firstDream = schedule(scheduleId).path("last_dream_id").asString();
		BetaDream firstDone = awaitStatus(firstDream, BetaDreamStatus.COMPLETED);
		assertThat(firstDone.inputs().get(1).asSessions().sessionIds()).containsExactly(first);

		String second = sessionMounting(store);
		makeDue(scheduleId, Instant.now());
		this.scheduler.runDue();

		String secondDream = schedule(scheduleId).path("last_dream_id").asString();
		assertThat(secondDream).isNotEqualTo(firstDream);
		BetaDream again = this.client.beta().dreams().retrieve(secondDream);
		assertThat(again.inputs().get(1).asSessions().sessionIds())
			.as("not the first run's session, nor the first dream's own session, which mounted the store")
			.containsExactly(second);
		awaitStatus(secondDream, BetaDreamStatus.COMPLETED);
	}

	@Test
	void dueTimesMissedWhileMemstoreWasDownRunOnceAndTheScheduleIsNextDueInTheFuture() {
		String store = newStore("Hourly");
		String scheduleId = createSchedule(store, "\"cron\":\"0 * * * *\",\"model\":\"memstore-offline\"").path("id")
			.asString();
		sessionMounting(store);
		makeDue(scheduleId, Instant.now().minus(Duration.ofDays(3)));

		this.scheduler.runDue();

		JsonNode ran = schedule(scheduleId);
		Instant ranAt = instant(ran.path("last_run_at"));
		assertThat(ran.path("last_result").asString()).as("one run, not one for each of the 72 missed hours")
			.startsWith("created dream ");
		assertThat(dreamsOfWorkspace()).isEqualTo(1);
		Instant next = instant(ran.path("next_run_at"));
		assertThat(next).isAfter(ranAt).isBeforeOrEqualTo(ranAt.plus(Duration.ofHours(1)));
		assertThat(next.getEpochSecond() % 3600).isZero();
		awaitStatus(ran.path("last_dream_id").asString(), BetaDreamStatus.COMPLETED);
	}

	@Test
	void twoWorkersClaimingOneDueScheduleAtOnceCreateOneDream() throws Exception {
		String store = newStore("Contended");
		// The application's own worker may run a due schedule first; then the race is
		// tried again with a new schedule.
		for (int attempt = 0; attempt < 3; attempt++) {
			String scheduleId = createSchedule(store, "\"cron\":\"0 3 * * *\",\"model\":\"memstore-offline\"")
				.path("id")
				.asString();
			sessionMounting(store);
			long dreamsBefore = dreamsOfWorkspace();
			makeDue(scheduleId, Instant.now());
			CountDownLatch claimed = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
			CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> transaction.execute((status) -> {
				boolean ran = this.schedules.runNextDue();
				claimed.countDown();
				awaitRelease(release);
				return ran;
			}));
			assertThat(claimed.await(20, TimeUnit.SECONDS)).isTrue();
			// The first worker holds its claim, uncommitted, while the second looks.
			CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(this.schedules::runNextDue);
			Boolean secondRan;
			try {
				secondRan = second.get(10, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				throw new AssertionError("the second worker waited for the first one's claim instead of skipping it");
			}
			finally {
				release.countDown();
			}
			Boolean firstRan = first.get(20, TimeUnit.SECONDS);
			if (!firstRan) {
				continue;
			}
			assertThat(secondRan).as("the second worker skips the claimed schedule, without waiting for it").isFalse();
			assertThat(dreamsOfWorkspace() - dreamsBefore).isEqualTo(1);
			JsonNode ran = schedule(scheduleId);
			assertThat(instant(ran.path("next_run_at"))).isAfter(Instant.now());
			awaitStatus(ran.path("last_dream_id").asString(), BetaDreamStatus.COMPLETED);
			return;
		}
		throw new AssertionError("the application's worker ran every due schedule before the test could");
	}

	@Test
	void aRunWithNoNewSessionIsSkippedAndSaysSo() {
		String store = newStore("Quiet");
		sessionMounting(store);
		String scheduleId = createSchedule(store, "\"cron\":\"0 3 * * *\",\"model\":\"memstore-offline\"").path("id")
			.asString();
		sessionMounting(newStore("Busy elsewhere"));
		makeDue(scheduleId, Instant.now());

		this.scheduler.runDue();

		JsonNode ran = schedule(scheduleId);
		assertThat(ran.path("last_result").asString())
			.startsWith("skipped: no session mounted memory store " + store + " since ");
		assertThat(ran.path("last_dream_id").isNull()).isTrue();
		assertThat(ran.path("last_run_at").isNull()).isFalse();
		assertThat(instant(ran.path("next_run_at"))).isAfter(Instant.now());
		assertThat(dreamsOfWorkspace()).isZero();
	}

	@Test
	void aRefusedDreamStillMovesTheScheduleOnAndTheNextRunReadsItsSessions() {
		String store = newStore("Held");
		String scheduleId = createSchedule(store,
				"\"cron\":\"0 3 * * *\",\"model\":\"memstore-offline\","
						+ "\"output_behavior\":{\"type\":\"update_existing\",\"memory_store_id\":\"" + store + "\"}")
			.path("id")
			.asString();
		String waiting = sessionMounting(store);
		String holder = holdStore(store);
		makeDue(scheduleId, Instant.now());

		this.scheduler.runDue();

		JsonNode refused = schedule(scheduleId);
		assertThat(refused.path("last_result").asString()).contains("is held by dream " + holder);
		assertThat(refused.path("last_dream_id").isNull()).isTrue();
		assertThat(instant(refused.path("next_run_at"))).isAfter(Instant.now());
		assertThat(dreamsOfWorkspace()).as("only the holder").isEqualTo(1);

		this.jdbc.update("update dreams set holds_store = false, status = 'canceled' where id = ?", holder);
		String later = sessionMounting(store);
		makeDue(scheduleId, Instant.now());
		this.scheduler.runDue();

		String dreamId = schedule(scheduleId).path("last_dream_id").asString();
		assertThat(this.client.beta().dreams().retrieve(dreamId).inputs().get(1).asSessions().sessionIds())
			.as("the refused run's session too")
			.containsExactly(waiting, later);
		awaitStatus(dreamId, BetaDreamStatus.COMPLETED);
	}

	@Test
	void aScheduleOfAStoreArchivedSinceRecordsWhyAndMovesOn() {
		String store = newStore("Archived later");
		String scheduleId = createSchedule(store, "\"cron\":\"0 3 * * *\",\"model\":\"memstore-offline\"").path("id")
			.asString();
		sessionMounting(store);
		this.client.beta().memoryStores().archive(store);
		makeDue(scheduleId, Instant.now());

		this.scheduler.runDue();

		JsonNode ran = schedule(scheduleId);
		assertThat(ran.path("last_result").asString()).contains("memory store " + store + " is archived");
		assertThat(instant(ran.path("next_run_at"))).isAfter(Instant.now());
		assertThat(dreamsOfWorkspace()).isZero();
	}

	@Test
	void aDisabledScheduleNeverRuns() {
		String store = newStore("Paused");
		JsonNode created = createSchedule(store,
				"\"cron\":\"0 3 * * *\",\"model\":\"memstore-offline\",\"enabled\":false");
		String scheduleId = created.path("id").asString();
		assertThat(created.path("next_run_at").isNull()).isTrue();
		sessionMounting(store);
		// Even with a due time left in the database, a disabled schedule is not claimed.
		makeDue(scheduleId, Instant.now().minusSeconds(60));

		this.scheduler.runDue();

		JsonNode after = schedule(scheduleId);
		assertThat(after.path("last_run_at").isNull()).isTrue();
		assertThat(dreamsOfWorkspace()).isZero();
	}

	/**
	 * A running {@code update_existing} dream of the store, as the database records one,
	 * so that the store stays held for as long as the test wants.
	 */
	private String holdStore(String storeId) {
		String dreamId = Ids.next(DreamService.ID_PREFIX);
		this.jdbc.update("""
				insert into dreams (id, workspace_id, status, memory_store_id, session_ids, model, output_behavior,
				                    holds_store, created_at)
				values (?, ?, 'running', ?, '[]'::jsonb, '{"id":"memstore-offline","speed":"standard"}'::jsonb,
				        'update_existing', true, now())""", dreamId, this.workspace.id(), storeId);
		return dreamId;
	}

	private static void awaitRelease(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
