package dev.memstore.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.environments.BetaCloudConfig;
import com.anthropic.models.beta.environments.BetaCloudConfigParams;
import com.anthropic.models.beta.environments.BetaEnvironment;
import com.anthropic.models.beta.environments.BetaEnvironmentArchivedException;
import com.anthropic.models.beta.environments.BetaEnvironmentDeleteResponse;
import com.anthropic.models.beta.environments.BetaEnvironmentNotFoundException;
import com.anthropic.models.beta.environments.BetaLimitedNetwork;
import com.anthropic.models.beta.environments.BetaLimitedNetworkParams;
import com.anthropic.models.beta.environments.BetaSelfHostedConfigParams;
import com.anthropic.models.beta.environments.EnvironmentCreateParams;
import com.anthropic.models.beta.environments.EnvironmentListParams;
import com.anthropic.models.beta.environments.EnvironmentUpdateParams;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Environments through the official Java SDK: defaults of the config, updates, archive,
 * delete, listing and the sub-coded errors the SDK turns into its own exception types.
 */
@MemstoreIntegrationTest
class EnvironmentsApiTest {

	@LocalServerPort
	int port;

	AnthropicClient client;

	String apiKey;

	RawApi api;

	@BeforeEach
	void newWorkspace() {
		this.apiKey = TestWorkspaces.create(this.port).apiKey();
		this.client = Sdk.client(this.port, this.apiKey);
		this.api = new RawApi(this.port);
	}

	@Test
	void createWithOnlyANameGetsTheDefaultCloudConfig() {
		BetaEnvironment environment = create("Sandbox");

		assertThat(environment.id()).startsWith("env_");
		assertThat(environment._type()).isEqualTo(JsonValue.from("environment"));
		assertThat(environment.name()).isEqualTo("Sandbox");
		assertThat(environment.description()).isEmpty();
		assertThat(environment.metadata()._additionalProperties()).isEmpty();
		assertThat(environment.archivedAt()).isEmpty();
		assertThat(environment.updatedAt()).isEqualTo(environment.createdAt());
		BetaCloudConfig config = environment.config().asCloud();
		assertThat(config.networking().isUnrestricted()).isTrue();
		assertThat(config.packages().apt()).isEmpty();
		assertThat(config.packages().pip()).isEmpty();
		assertThat(config.packages().type())
			.hasValueSatisfying((type) -> assertThat(type.asString()).isEqualTo("packages"));
	}

	@Test
	void limitedNetworkingGetsItsDefaultsFilledIn() {
		BetaEnvironment environment = this.client.beta()
			.environments()
			.create(EnvironmentCreateParams.builder()
				.name("Locked down")
				.config(BetaCloudConfigParams.builder()
					.networking(BetaLimitedNetworkParams.builder().addAllowedHost("pypi.org").build())
					.build())
				.build());

		BetaLimitedNetwork networking = environment.config().asCloud().networking().asLimited();
		assertThat(networking.allowedHosts()).containsExactly("pypi.org");
		assertThat(networking.allowMcpServers()).isFalse();
		assertThat(networking.allowPackageManagers()).isFalse();
	}

	@Test
	void aSelfHostedConfigIsKept() {
		BetaEnvironment environment = this.client.beta()
			.environments()
			.create(EnvironmentCreateParams.builder()
				.name("On premises")
				.config(BetaSelfHostedConfigParams.builder().build())
				.scope(EnvironmentCreateParams.Scope.ORGANIZATION)
				.build());

		assertThat(environment.config().isSelfHosted()).isTrue();
		assertThat(environment.scope())
			.hasValueSatisfying((scope) -> assertThat(scope.asString()).isEqualTo("organization"));
		assertThat(this.client.beta().environments().retrieve(environment.id())).isEqualTo(environment);
	}

	@Test
	void updateChangesTheFieldsGivenAndPatchesMetadata() {
		BetaEnvironment environment = this.client.beta()
			.environments()
			.create(EnvironmentCreateParams.builder()
				.name("Before")
				.description("kept")
				.metadata(EnvironmentCreateParams.Metadata.builder()
					.putAdditionalProperty("team", JsonValue.from("growth"))
					.putAdditionalProperty("owner", JsonValue.from("maya"))
					.build())
				.build());

		BetaEnvironment updated = this.client.beta()
			.environments()
			.update(environment.id(),
					EnvironmentUpdateParams.builder()
						.name("After")
						.metadata(EnvironmentUpdateParams.Metadata.builder()
							.putAdditionalProperty("owner", JsonValue.from(null))
							.build())
						.config(BetaCloudConfigParams.builder()
							.networking(BetaLimitedNetworkParams.builder().allowPackageManagers(true).build())
							.build())
						.build());

		assertThat(updated.name()).isEqualTo("After");
		assertThat(updated.description()).contains("kept");
		assertThat(updated.metadata()._additionalProperties())
			.containsOnly(Map.entry("team", JsonValue.from("growth")));
		assertThat(updated.config().asCloud().networking().asLimited().allowPackageManagers()).isTrue();
		assertThat(updated.updatedAt()).isNotEqualTo(environment.updatedAt());
		assertThat(this.client.beta().environments().retrieve(environment.id())).isEqualTo(updated);
	}

	@Test
	void updateThatChangesNothingKeepsUpdatedAt() {
		BetaEnvironment environment = create("Same");

		BetaEnvironment updated = this.client.beta()
			.environments()
			.update(environment.id(), EnvironmentUpdateParams.builder().name("Same").build());

		assertThat(updated).isEqualTo(environment);
	}

	@Test
	void updateCannotChangeTheConfigType() {
		BetaEnvironment environment = create("Cloud");

		BadRequestException error = assertThrows(BadRequestException.class, () -> this.client.beta()
			.environments()
			.update(environment.id(),
					EnvironmentUpdateParams.builder().config(BetaSelfHostedConfigParams.builder().build()).build()));

		assertThat(error.errorCode()).contains("invalid_config_type_change");
	}

	@Test
	void archivedEnvironmentsRefuseUpdatesWithTheirSubCode() {
		BetaEnvironment environment = create("Retired");
		this.client.beta().environments().archive(environment.id());

		BetaEnvironmentArchivedException error = assertThrows(BetaEnvironmentArchivedException.class,
				() -> this.client.beta()
					.environments()
					.update(environment.id(), EnvironmentUpdateParams.builder().name("x").build()));
		RawApi.Response raw = managedAgents("POST", "/v1/environments/" + environment.id()).json("""
				{"name":"x"}""").send();

		assertThat(error.statusCode()).isEqualTo(400);
		assertThat(error.errorCode()).contains("environment_archived");
		assertThat(raw.status()).isEqualTo(400);
		assertThat(raw.errorType()).isEqualTo("invalid_request_error");
		assertThat(raw.json().path("error").path("details").path("error_code").asString())
			.isEqualTo("environment_archived");
	}

	@Test
	void archiveIsIdempotent() {
		BetaEnvironment environment = create("Twice");

		BetaEnvironment archived = this.client.beta().environments().archive(environment.id());
		BetaEnvironment again = this.client.beta().environments().archive(environment.id());

		assertThat(archived.archivedAt()).isPresent();
		assertThat(again).isEqualTo(archived);
	}

	@Test
	void deleteAnswersWithTheDeletedObjectAndTheEnvironmentIsGone() {
		BetaEnvironment environment = create("Doomed");

		BetaEnvironmentDeleteResponse deleted = this.client.beta().environments().delete(environment.id());

		assertThat(deleted.id()).isEqualTo(environment.id());
		assertThat(deleted._type()).isEqualTo(JsonValue.from("environment_deleted"));
		BetaEnvironmentNotFoundException error = assertThrows(BetaEnvironmentNotFoundException.class,
				() -> this.client.beta().environments().retrieve(environment.id()));
		assertThat(error.statusCode()).isEqualTo(404);
		assertThrows(NotFoundException.class, () -> this.client.beta().environments().delete(environment.id()));
	}

	@Test
	void listPagesNewestFirstAndLeavesArchivedEnvironmentsOutUnlessAsked() {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(create("environment " + i).id());
		}
		this.client.beta().environments().archive(created.get(3));

		List<String> listed = new ArrayList<>();
		this.client.beta()
			.environments()
			.list(EnvironmentListParams.builder().limit(2).build())
			.autoPager()
			.forEach((environment) -> listed.add(environment.id()));
		List<String> withArchived = new ArrayList<>();
		this.client.beta()
			.environments()
			.list(EnvironmentListParams.builder().limit(2).includeArchived(true).build())
			.autoPager()
			.forEach((environment) -> withArchived.add(environment.id()));

		assertThat(listed).containsExactly(created.get(4), created.get(2), created.get(1), created.get(0));
		assertThat(withArchived).containsExactly(created.get(4), created.get(3), created.get(2), created.get(1),
				created.get(0));
	}

	@Test
	void fieldsMemstoreDoesNotKnowAreStoredAndEchoed() {
		RawApi.Response created = managedAgents("POST", "/v1/environments").json("""
				{"name":"Extra","x_region":"eu","config":{"type":"cloud","x_size":"large"}}""").send();
		String id = created.json().path("id").asString();
		RawApi.Response updated = managedAgents("PATCH", "/v1/environments/" + id).json("""
				{"x_region":"us"}""").send();

		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json().path("x_region").asString()).isEqualTo("eu");
		assertThat(created.json().path("config").path("x_size").asString()).isEqualTo("large");
		assertThat(updated.json().path("x_region").asString()).isEqualTo("us");
		assertThat(this.client.beta().environments().retrieve(id)._additionalProperties()).containsEntry("x_region",
				JsonValue.from("us"));
	}

	@Test
	void invalidBodiesAreInvalidRequestErrors() {
		for (String body : new String[] { "{}", "{\"name\":\"\"}", "{\"name\":\"x\",\"config\":{\"type\":\"docker\"}}",
				"{\"name\":\"x\",\"config\":{\"type\":\"cloud\",\"packages\":{\"pip\":\"numpy\"}}}",
				"{\"name\":\"x\",\"scope\":\"galaxy\"}", "{\"name\":\"x\",\"metadata\":{\"k\":1}}" }) {
			RawApi.Response response = managedAgents("POST", "/v1/environments").json(body).send();
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.errorType()).as(body).isEqualTo("invalid_request_error");
		}
	}

	@Test
	void environmentsOfAnotherWorkspaceAreNotFound() {
		BetaEnvironment environment = create("Private");
		AnthropicClient stranger = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());

		assertThrows(NotFoundException.class, () -> stranger.beta().environments().retrieve(environment.id()));
		assertThrows(NotFoundException.class,
				() -> stranger.beta()
					.environments()
					.update(environment.id(), EnvironmentUpdateParams.builder().name("x").build()));
		assertThrows(NotFoundException.class, () -> stranger.beta().environments().archive(environment.id()));
		assertThrows(NotFoundException.class, () -> stranger.beta().environments().delete(environment.id()));
		assertThat(stranger.beta().environments().list().data()).isEmpty();
		assertThat(this.client.beta().environments().retrieve(environment.id())).isEqualTo(environment);
	}

	private BetaEnvironment create(String name) {
		return this.client.beta().environments().create(EnvironmentCreateParams.builder().name(name).build());
	}

	private RawApi.Request managedAgents(String method, String path) {
		return this.api.request(method, path)
			.header("x-api-key", this.apiKey)
			.header("anthropic-beta", TestKeys.MANAGED_AGENTS_BETA);
	}

}
