package dev.memstore.dream;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.TestKeys;
import dev.memstore.support.TestWorkspaces;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dream schedules through the operator API: what a schedule shows, the rules of its
 * fields (the cron, the time zone, and a dream's own rules for the model, the
 * instructions and the output behaviour), lists, updates of the fields sent, deletion,
 * and the Anthropic error envelope for every refusal.
 */
@MemstoreIntegrationTest
class DreamScheduleApiTest extends DreamScheduleTestSupport {

	String storeId;

	@BeforeEach
	void aStore() {
		this.storeId = newStore("Support notes");
	}

	@Test
	void aCreatedScheduleShowsEveryFieldAndIsNextDueAtTheCronsNextTime() {
		JsonNode created = createSchedule(this.storeId, """
				"cron":"0 3 * * *","model":"memstore-offline","instructions":"Merge duplicates.","name":"Nightly"
				""");

		assertThat(created.path("id").asString()).startsWith("drmsch_");
		assertThat(created.path("type").asString()).isEqualTo("dream_schedule");
		assertThat(created.path("name").asString()).isEqualTo("Nightly");
		assertThat(created.path("memory_store_id").asString()).isEqualTo(this.storeId);
		assertThat(created.path("cron").asString()).isEqualTo("0 3 * * *");
		assertThat(created.path("time_zone").asString()).isEqualTo("UTC");
		assertThat(created.path("model").path("id").asString()).isEqualTo("memstore-offline");
		assertThat(created.path("model").path("speed").asString()).isEqualTo("standard");
		assertThat(created.path("instructions").asString()).isEqualTo("Merge duplicates.");
		assertThat(created.path("output_behavior").path("type").asString()).isEqualTo("create_new");
		assertThat(created.path("enabled").asBoolean()).isTrue();
		assertThat(created.path("last_run_at").isNull()).isTrue();
		assertThat(created.path("last_dream_id").isNull()).isTrue();
		assertThat(created.path("last_result").isNull()).isTrue();
		Instant createdAt = instant(created.path("created_at"));
		assertThat(instant(created.path("next_run_at"))).isEqualTo(next(createdAt, ZoneId.of("UTC"), 3));
		assertThat(created.propertyNames()).containsExactly("id", "type", "name", "memory_store_id", "cron",
				"time_zone", "model", "instructions", "output_behavior", "enabled", "next_run_at", "last_run_at",
				"last_dream_id", "last_result", "created_at", "updated_at");
		assertThat(schedule(created.path("id").asString())).isEqualTo(created);
	}

	@Test
	void unixSpringAndMacroCronsAreReadInTheScheduleTimeZone() {
		JsonNode paris = createSchedule(this.storeId,
				"\"cron\":\"0 3 * * *\",\"time_zone\":\"Europe/Paris\",\"model\":\"memstore-offline\"");
		JsonNode spring = createSchedule(this.storeId, "\"cron\":\"0 30 4 * * *\",\"model\":\"memstore-offline\"");
		JsonNode daily = createSchedule(this.storeId, "\"cron\":\"@daily\",\"model\":\"memstore-offline\"");

		assertThat(paris.path("time_zone").asString()).isEqualTo("Europe/Paris");
		assertThat(instant(paris.path("next_run_at")))
			.isEqualTo(next(instant(paris.path("created_at")), ZoneId.of("Europe/Paris"), 3));
		ZonedDateTime springNext = instant(spring.path("next_run_at")).atZone(ZoneId.of("UTC"));
		assertThat(springNext.toLocalTime()).isEqualTo(LocalTime.of(4, 30));
		assertThat(instant(daily.path("next_run_at")))
			.isEqualTo(next(instant(daily.path("created_at")), ZoneId.of("UTC"), 0));
	}

	@Test
	void invalidFieldsAreRefusedWithA400NamingTheRule() {
		String store = "\"memory_store_id\":\"" + this.storeId + "\"";
		String[][] cases = { { "{\"cron\":\"0 3 * * *\",\"model\":\"m\"}", "memory_store_id is required" },
				{ "{" + store + ",\"model\":\"m\"}", "cron is required" },
				{ "{" + store + ",\"cron\":\"0 3 * *\",\"model\":\"m\"}", "cron must be 5 fields" },
				{ "{" + store + ",\"cron\":\"61 3 * * *\",\"model\":\"m\"}", "cron '61 3 * * *' is not valid" },
				{ "{" + store + ",\"cron\":\"@sometimes\",\"model\":\"m\"}", "cron '@sometimes' is not valid" },
				{ "{" + store + ",\"cron\":\"0 0 30 2 *\",\"model\":\"m\"}", "never fires" },
				{ "{" + store + ",\"cron\":\"0 3 * * *\",\"time_zone\":\"Mars/Olympus\",\"model\":\"m\"}",
						"time_zone must be an IANA time zone id" },
				{ "{" + store + ",\"cron\":\"0 3 * * *\",\"time_zone\":\"+02:00\",\"model\":\"m\"}",
						"time_zone must be an IANA time zone id" },
				{ "{" + store + ",\"cron\":\"0 3 * * *\"}", "model is required" },
				{ "{" + store + ",\"cron\":\"0 3 * * *\",\"model\":{\"id\":\"m\",\"speed\":\"fast\"}}",
						"model.speed must be standard" },
				{ "{" + store + ",\"cron\":\"0 3 * * *\",\"model\":\"m\",\"instructions\":\"\"}",
						"instructions must be 1 to 4096 characters long" },
				{ "{" + store + ",\"cron\":\"0 3 * * *\",\"model\":\"m\",\"output_behavior\":{\"type\":\"overwrite\"}}",
						"output_behavior.type must be create_new or update_existing" },
				{ "{" + store + ",\"cron\":\"0 3 * * *\",\"model\":\"m\",\"output_behavior\":"
						+ "{\"type\":\"update_existing\",\"memory_store_id\":\"memstore_other\"}}",
						"output_behavior.memory_store_id must be the schedule's memory_store_id" },
				{ "{" + store + ",\"cron\":\"0 3 * * *\",\"model\":\"m\",\"name\":\"" + "n".repeat(256) + "\"}",
						"name must be 1 to 255 characters long" },
				{ "{" + store + ",\"cron\":5,\"model\":\"m\"}", "cron" } };
		for (String[] refused : cases) {
			RawApi.Response response = operator("POST", schedulesPath(), refused[0]);
			assertThat(response.status()).as(refused[0]).isEqualTo(400);
			assertThat(response.errorType()).as(refused[0]).isEqualTo("invalid_request_error");
			assertThat(response.errorMessage()).as(refused[0]).contains(refused[1]);
			assertThat(response.json().path("request_id").asString()).isEqualTo(response.header("request-id"));
		}
		assertThat(operator("GET", schedulesPath(), null).json().path("data").size()).as("nothing was created")
			.isZero();
	}

	@Test
	void anUpdateExistingScheduleNamesItsOwnStore() {
		JsonNode created = createSchedule(this.storeId, "\"cron\":\"@daily\",\"model\":\"memstore-offline\","
				+ "\"output_behavior\":{\"type\":\"update_existing\",\"memory_store_id\":\"" + this.storeId + "\"}");

		assertThat(created.path("output_behavior").path("type").asString()).isEqualTo("update_existing");
		assertThat(created.path("output_behavior").path("memory_store_id").asString()).isEqualTo(this.storeId);
	}

	@Test
	void unknownOtherWorkspacesAndArchivedStoresAreRefused() {
		String others = TestWorkspaces.create(this.port).id();
		RawApi.Response otherWorkspace = operator("POST", "/_memstore/workspaces/" + others + "/dream_schedules",
				"{\"memory_store_id\":\"" + this.storeId + "\",\"cron\":\"@daily\",\"model\":\"m\"}");
		RawApi.Response unknown = operator("POST", schedulesPath(),
				"{\"memory_store_id\":\"memstore_01unknown\",\"cron\":\"@daily\",\"model\":\"m\"}");
		this.client.beta().memoryStores().archive(this.storeId);
		RawApi.Response archived = operator("POST", schedulesPath(),
				"{\"memory_store_id\":\"" + this.storeId + "\",\"cron\":\"@daily\",\"model\":\"m\"}");

		assertThat(otherWorkspace.status()).isEqualTo(404);
		assertThat(otherWorkspace.errorType()).isEqualTo("not_found_error");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.errorType()).isEqualTo("not_found_error");
		assertThat(archived.status()).isEqualTo(400);
		assertThat(archived.errorMessage()).contains("is archived");
		assertThat(operator("GET", "/_memstore/workspaces/wrkspc_01unknown/dream_schedules", null).status())
			.isEqualTo(404);
	}

	@Test
	void schedulesNeedTheAdminKey() {
		RawApi.Response withApiKey = this.api.request("GET", schedulesPath())
			.header("x-api-key", this.workspace.apiKey())
			.send();
		RawApi.Response withBootstrapKey = this.api.request("GET", schedulesPath())
			.header("x-api-key", TestKeys.BOOTSTRAP)
			.send();

		assertThat(withApiKey.status()).isEqualTo(401);
		assertThat(withApiKey.errorType()).isEqualTo("authentication_error");
		assertThat(withBootstrapKey.status()).isEqualTo(401);
	}

	@Test
	void listsAreNewestFirstInCursorPagesAndCanNameAStore() {
		String otherStore = newStore("Other");
		String first = createSchedule(this.storeId, "\"cron\":\"@daily\",\"model\":\"m\"").path("id").asString();
		String second = createSchedule(otherStore, "\"cron\":\"@daily\",\"model\":\"m\"").path("id").asString();
		String third = createSchedule(this.storeId, "\"cron\":\"@daily\",\"model\":\"m\"").path("id").asString();

		JsonNode page1 = operator("GET", schedulesPath() + "?limit=2", null).json();
		JsonNode page2 = operator("GET", schedulesPath() + "?limit=2&page=" + page1.path("next_page").asString(), null)
			.json();
		JsonNode ofStore = operator("GET", schedulesPath() + "?memory_store_id=" + this.storeId, null).json();

		assertThat(ids(page1)).containsExactly(third, second);
		assertThat(ids(page2)).containsExactly(first);
		assertThat(page2.path("next_page").isNull()).isTrue();
		assertThat(ids(ofStore)).containsExactly(third, first);
		assertThat(operator("GET", schedulesPath() + "?limit=0", null).status()).isEqualTo(400);
		assertThat(operator("GET", schedulesPath() + "?memory_store_id=memstore_01unknown", null).status())
			.isEqualTo(404);
	}

	@Test
	void anUpdateChangesOnlyTheFieldsSentAndSetsTheNextRunAnew() {
		JsonNode created = createSchedule(this.storeId,
				"\"cron\":\"0 3 * * *\",\"model\":\"memstore-offline\",\"instructions\":\"Tidy.\",\"name\":\"Nightly\"");
		String path = schedulesPath() + "/" + created.path("id").asString();

		JsonNode renamed = operator("POST", path, "{\"name\":\"Every night\"}").json();
		assertThat(renamed.path("name").asString()).isEqualTo("Every night");
		assertThat(renamed.path("cron").asString()).isEqualTo("0 3 * * *");
		assertThat(renamed.path("instructions").asString()).isEqualTo("Tidy.");
		assertThat(renamed.path("model")).isEqualTo(created.path("model"));

		JsonNode hourly = operator("POST", path, "{\"cron\":\"@hourly\",\"time_zone\":\"Asia/Kolkata\"}").json();
		assertThat(hourly.path("cron").asString()).isEqualTo("@hourly");
		assertThat(hourly.path("time_zone").asString()).isEqualTo("Asia/Kolkata");
		Instant nextHourly = instant(hourly.path("next_run_at"));
		Instant updatedAt = instant(hourly.path("updated_at"));
		assertThat(nextHourly).isAfter(updatedAt).isBeforeOrEqualTo(updatedAt.plusSeconds(3600));
		assertThat(nextHourly.atZone(ZoneId.of("Asia/Kolkata")).getMinute()).isZero();

		JsonNode cleared = operator("POST", path, "{\"instructions\":null}").json();
		assertThat(cleared.path("instructions").isNull()).isTrue();
		assertThat(cleared.path("name").asString()).isEqualTo("Every night");

		JsonNode disabled = operator("POST", path, "{\"enabled\":false}").json();
		assertThat(disabled.path("enabled").asBoolean()).isFalse();
		assertThat(disabled.path("next_run_at").isNull()).as("a disabled schedule is never due").isTrue();
		JsonNode enabled = operator("POST", path, "{\"enabled\":true}").json();
		assertThat(instant(enabled.path("next_run_at"))).isAfter(instant(enabled.path("updated_at")));

		RawApi.Response badCron = operator("POST", path, "{\"cron\":\"nonsense\"}");
		RawApi.Response otherStore = operator("POST", path, "{\"memory_store_id\":\"" + newStore("B") + "\"}");
		RawApi.Response badModel = operator("POST", path, "{\"model\":null}");
		assertThat(badCron.status()).isEqualTo(400);
		assertThat(otherStore.status()).isEqualTo(400);
		assertThat(otherStore.errorMessage()).contains("memory_store_id cannot be changed");
		assertThat(badModel.status()).isEqualTo(400);
		assertThat(badModel.errorMessage()).contains("model is required");
		assertThat(schedule(created.path("id").asString())).as("refused updates change nothing").isEqualTo(enabled);
		assertThat(operator("POST", schedulesPath() + "/drmsch_01unknown", "{\"name\":\"x\"}").status()).isEqualTo(404);
	}

	@Test
	void aDeletedScheduleIsGoneAndSoIsAStoresScheduleWithTheStore() {
		String scheduleId = createSchedule(this.storeId, "\"cron\":\"@daily\",\"model\":\"m\"").path("id").asString();

		RawApi.Response deleted = operator("DELETE", schedulesPath() + "/" + scheduleId, null);

		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json().path("id").asString()).isEqualTo(scheduleId);
		assertThat(deleted.json().path("type").asString()).isEqualTo("dream_schedule_deleted");
		assertThat(operator("GET", schedulesPath() + "/" + scheduleId, null).errorType()).isEqualTo("not_found_error");
		assertThat(operator("DELETE", schedulesPath() + "/" + scheduleId, null).status()).isEqualTo(404);

		String kept = createSchedule(this.storeId, "\"cron\":\"@daily\",\"model\":\"m\"").path("id").asString();
		this.client.beta().memoryStores().delete(this.storeId);
		assertThat(operator("GET", schedulesPath() + "/" + kept, null).status()).as("a schedule goes with its store")
			.isEqualTo(404);
	}

	private static List<String> ids(JsonNode page) {
		return page.path("data").valueStream().map((schedule) -> schedule.path("id").asString()).toList();
	}

	/**
	 * The first {@code hour}:00 strictly after {@code instant} on the zone's wall clock.
	 */
	private static Instant next(Instant instant, ZoneId zone, int hour) {
		ZonedDateTime candidate = instant.atZone(zone).toLocalDate().atTime(hour, 0).atZone(zone);
		while (!candidate.toInstant().isAfter(instant)) {
			candidate = candidate.toLocalDate().plusDays(1).atTime(hour, 0).atZone(zone);
		}
		return candidate.toInstant();
	}

}
