package dev.memstore.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ConflictException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.beta.agents.AgentCreateParams;
import com.anthropic.models.beta.agents.AgentListParams;
import com.anthropic.models.beta.agents.AgentRetrieveParams;
import com.anthropic.models.beta.agents.AgentUpdateParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgent;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolConfig;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolset20260401;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolset20260401Params;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolsetDefaultConfigParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsAlwaysAskPolicy;
import com.anthropic.models.beta.agents.BetaManagedAgentsBashToolConfigParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsCustomToolInputSchema;
import com.anthropic.models.beta.agents.BetaManagedAgentsCustomToolParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsModel;
import com.anthropic.models.beta.agents.BetaManagedAgentsModelConfigParams;
import com.anthropic.models.beta.agents.versions.VersionListParams;
import dev.memstore.support.MemstoreIntegrationTest;
import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.TestKeys;
import dev.memstore.support.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Agents through the official Java SDK, whose response validation proves the wire shapes:
 * versions, resolved tools, metadata patches, listing, archiving and the errors.
 */
@MemstoreIntegrationTest
class AgentsApiTest {

	private static final List<String> BUILT_IN_TOOLS = List.of("bash", "edit", "read", "write", "glob", "grep",
			"web_fetch", "web_search");

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
	void createWithAStringModelAndTheToolsetReturnsEverythingResolved() {
		BetaManagedAgentsAgent agent = this.client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Coding Assistant")
				.model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8)
				.addTool(BetaManagedAgentsAgentToolset20260401Params.builder().build())
				.build());

		assertThat(agent.id()).startsWith("agent_");
		assertThat(agent._type()).isEqualTo(JsonValue.from("agent"));
		assertThat(agent.name()).isEqualTo("Coding Assistant");
		assertThat(agent.description()).isEmpty();
		assertThat(agent.system()).isEmpty();
		assertThat(agent.model().id()).isEqualTo(BetaManagedAgentsModel.CLAUDE_OPUS_4_8);
		assertThat(agent.mcpServers()).isEmpty();
		assertThat(agent.skills()).isEmpty();
		assertThat(agent.metadata()._additionalProperties()).isEmpty();
		assertThat(agent.multiagent()).isEmpty();
		assertThat(agent.executionIdentity().isServiceAccount()).isTrue();
		assertThat(agent.version()).isEqualTo(1);
		assertThat(agent.archivedAt()).isEmpty();
		assertThat(agent.updatedAt()).isEqualTo(agent.createdAt());
		BetaManagedAgentsAgentToolset20260401 toolset = agent.tools().get(0).asAgentToolset20260401();
		assertThat(toolset.defaultConfig().enabled()).isTrue();
		assertThat(toolset.defaultConfig().permissionPolicy().isAlwaysAllow()).isTrue();
		assertThat(toolset.configs()).extracting((config) -> config.type().toString().toLowerCase())
			.containsExactlyElementsOf(BUILT_IN_TOOLS);
		assertThat(toolset.configs()).allSatisfy((config) -> assertThat(config.enabled()).isTrue());
	}

	@Test
	void theToolsetKeepsTheCallersDefaultsAndPerToolSettings() {
		BetaManagedAgentsAgent agent = this.client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Careful")
				.model(BetaManagedAgentsModel.CLAUDE_SONNET_4_6)
				.addTool(BetaManagedAgentsAgentToolset20260401Params.builder()
					.defaultConfig(BetaManagedAgentsAgentToolsetDefaultConfigParams.builder()
						.permissionPolicy(BetaManagedAgentsAlwaysAskPolicy.builder().build())
						.build())
					.addConfig(BetaManagedAgentsBashToolConfigParams.builder().enabled(false).build())
					.build())
				.build());

		List<BetaManagedAgentsAgentToolConfig> configs = agent.tools().get(0).asAgentToolset20260401().configs();
		assertThat(configs).hasSize(8);
		assertThat(configs.get(0).asBash().enabled()).isFalse();
		assertThat(configs.get(0).asBash().permissionPolicy().isAlwaysAsk()).isTrue();
		assertThat(configs.subList(1, 8)).allSatisfy((config) -> assertThat(config.enabled()).isTrue());
		assertThat(configs.get(2).asRead().permissionPolicy().isAlwaysAsk()).isTrue();
	}

	@Test
	void aModelObjectKeepsItsSettingsWithEffortAsAnObject() {
		RawApi.Response created = managedAgents("POST", "/v1/agents").json("""
				{"name":"Fast","model":{"id":"claude-haiku-4-5","effort":"high","speed":"fast"}}""").send();

		assertThat(created.status()).isEqualTo(200);
		JsonNode model = created.json().path("model");
		assertThat(model.path("id").asString()).isEqualTo("claude-haiku-4-5");
		assertThat(model.path("effort").path("type").asString()).isEqualTo("high");
		assertThat(model.path("speed").asString()).isEqualTo("fast");
		BetaManagedAgentsAgent parsed = retrieve(created.json().path("id").asString());
		assertThat(parsed.model().effort()).hasValueSatisfying((effort) -> assertThat(effort.isHigh()).isTrue());
	}

	@Test
	void retrieveReturnsExactlyWhatCreateReturned() {
		BetaManagedAgentsAgent created = create("Same");

		assertThat(retrieve(created.id())).isEqualTo(created);
	}

	@Test
	void updateThatChangesSomethingMakesTheNextVersionAndKeepsTheOldOne() {
		BetaManagedAgentsAgent first = create("Writer");

		BetaManagedAgentsAgent second = this.client.beta()
			.agents()
			.update(first.id(), AgentUpdateParams.builder().system("Write short answers.").version(1).build());

		assertThat(second.version()).isEqualTo(2);
		assertThat(second.system()).contains("Write short answers.");
		assertThat(second.name()).isEqualTo("Writer");
		assertThat(second.createdAt()).isEqualTo(first.createdAt());
		assertThat(second.updatedAt()).isAfter(first.updatedAt());
		assertThat(retrieve(first.id())).isEqualTo(second);
		assertThat(this.client.beta().agents().retrieve(first.id(), AgentRetrieveParams.builder().version(1).build()))
			.isEqualTo(first);
	}

	@Test
	void updateThatChangesNothingKeepsTheVersionAndReturnsTheAgentUnchanged() {
		BetaManagedAgentsAgent agent = this.client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Steady")
				.model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8)
				.addTool(BetaManagedAgentsAgentToolset20260401Params.builder().build())
				.build());

		BetaManagedAgentsAgent updated = this.client.beta()
			.agents()
			.update(agent.id(), AgentUpdateParams.builder()
				.name("Steady")
				.model(BetaManagedAgentsModelConfigParams.builder().id(BetaManagedAgentsModel.CLAUDE_OPUS_4_8).build())
				.addTool(BetaManagedAgentsAgentToolset20260401Params.builder().build())
				.build());

		assertThat(updated).isEqualTo(agent);
	}

	@Test
	void updateAgainstAStaleVersionIsAConflict() {
		BetaManagedAgentsAgent agent = create("Contended");
		this.client.beta().agents().update(agent.id(), AgentUpdateParams.builder().description("one").build());

		ConflictException error = assertThrows(ConflictException.class,
				() -> this.client.beta()
					.agents()
					.update(agent.id(), AgentUpdateParams.builder().description("two").version(1).build()));

		assertThat(error.type()).contains(ErrorType.of("conflict_error"));
		assertThat(error.headers().values("x-should-retry")).containsExactly("false");
		assertThat(retrieve(agent.id()).description()).contains("one");
	}

	@Test
	void concurrentUpdatesEachMakeTheirOwnVersion() throws Exception {
		BetaManagedAgentsAgent agent = create("v0");
		AnthropicClient noRetries = Sdk.clientWithoutRetries(this.port, this.apiKey);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<BetaManagedAgentsAgent>> updates = new ArrayList<>();
			for (int i = 1; i <= 8; i++) {
				String name = "writer " + i;
				updates.add(pool.submit(() -> noRetries.beta()
					.agents()
					.update(agent.id(), AgentUpdateParams.builder().name(name).build())));
			}
			List<Integer> versions = new ArrayList<>();
			for (Future<BetaManagedAgentsAgent> update : updates) {
				versions.add(update.get().version());
			}

			assertThat(versions).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8, 9);
			assertThat(retrieve(agent.id()).version()).isEqualTo(9);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void metadataIsAPatchInWhichNullRemovesAKey() {
		BetaManagedAgentsAgent agent = this.client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Tagged")
				.model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8)
				.metadata(AgentCreateParams.Metadata.builder()
					.putAdditionalProperty("team", JsonValue.from("growth"))
					.putAdditionalProperty("owner", JsonValue.from("maya"))
					.build())
				.build());

		BetaManagedAgentsAgent updated = this.client.beta()
			.agents()
			.update(agent.id(),
					AgentUpdateParams.builder()
						.metadata(AgentUpdateParams.Metadata.builder()
							.putAdditionalProperty("owner", JsonValue.from(null))
							.putAdditionalProperty("tier", JsonValue.from("gold"))
							.build())
						.build());

		assertThat(updated.metadata()._additionalProperties()).containsOnly(Map.entry("team", JsonValue.from("growth")),
				Map.entry("tier", JsonValue.from("gold")));
		assertThat(updated.version()).isEqualTo(2);
	}

	@Test
	void arraysAreReplacedWhole() {
		BetaManagedAgentsAgent agent = this.client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Tooled")
				.model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8)
				.addTool(BetaManagedAgentsAgentToolset20260401Params.builder().build())
				.addAnthropicSkill("xlsx")
				.build());

		BetaManagedAgentsAgent updated = this.client.beta()
			.agents()
			.update(agent.id(), AgentUpdateParams.builder().tools(List.of()).build());

		assertThat(updated.tools()).isEmpty();
		assertThat(updated.skills()).hasSize(1);
		assertThat(updated.skills().get(0).version()).isEqualTo("latest");
	}

	@Test
	void retrievingAnUnknownVersionIsNotFound() {
		BetaManagedAgentsAgent agent = create("One version");

		NotFoundException error = assertThrows(NotFoundException.class,
				() -> this.client.beta()
					.agents()
					.retrieve(agent.id(), AgentRetrieveParams.builder().version(2).build()));

		assertThat(error.type()).contains(ErrorType.NOT_FOUND_ERROR);
	}

	@Test
	void versionsAreListedNewestFirstAcrossPages() {
		BetaManagedAgentsAgent agent = create("v1");
		for (int version = 2; version <= 5; version++) {
			this.client.beta().agents().update(agent.id(), AgentUpdateParams.builder().name("v" + version).build());
		}

		List<Long> versions = new ArrayList<>();
		this.client.beta()
			.agents()
			.versions()
			.list(agent.id(), VersionListParams.builder().limit(2).build())
			.autoPager()
			.forEach((version) -> versions.add((long) version.version()));

		assertThat(versions).containsExactly(5L, 4L, 3L, 2L, 1L);
		assertThat(this.client.beta()
			.agents()
			.versions()
			.list(agent.id(), VersionListParams.builder().limit(5).build())
			.data()
			.get(4)
			.name()).isEqualTo("v1");
	}

	@Test
	void listPagesNewestFirstAndLeavesArchivedAgentsOutUnlessAsked() {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(create("agent " + i).id());
		}
		this.client.beta().agents().archive(created.get(1));

		List<String> listed = new ArrayList<>();
		this.client.beta()
			.agents()
			.list(AgentListParams.builder().limit(2).build())
			.autoPager()
			.forEach((agent) -> listed.add(agent.id()));
		List<String> withArchived = new ArrayList<>();
		this.client.beta()
			.agents()
			.list(AgentListParams.builder().limit(2).includeArchived(true).build())
			.autoPager()
			.forEach((agent) -> withArchived.add(agent.id()));

		assertThat(listed).containsExactly(created.get(4), created.get(3), created.get(2), created.get(0));
		assertThat(withArchived).containsExactly(created.get(4), created.get(3), created.get(2), created.get(1),
				created.get(0));
	}

	@Test
	void listFiltersByCreationTime() {
		BetaManagedAgentsAgent older = create("older");
		BetaManagedAgentsAgent newer = create("newer");

		List<BetaManagedAgentsAgent> fromNewer = this.client.beta()
			.agents()
			.list(AgentListParams.builder().createdAtGte(newer.createdAt()).build())
			.data();
		List<BetaManagedAgentsAgent> upToOlder = this.client.beta()
			.agents()
			.list(AgentListParams.builder().createdAtLte(older.createdAt()).build())
			.data();

		assertThat(fromNewer).extracting(BetaManagedAgentsAgent::id).containsExactly(newer.id());
		assertThat(upToOlder).extracting(BetaManagedAgentsAgent::id).containsExactly(older.id());
	}

	@Test
	void archiveIsIdempotentAndKeepsTheVersion() {
		BetaManagedAgentsAgent agent = create("Retired");

		BetaManagedAgentsAgent archived = this.client.beta().agents().archive(agent.id());
		BetaManagedAgentsAgent again = this.client.beta().agents().archive(agent.id());

		assertThat(archived.archivedAt()).isPresent();
		assertThat(archived.version()).isEqualTo(1);
		assertThat(again).isEqualTo(archived);
		assertThat(retrieve(agent.id())).isEqualTo(archived);
	}

	@Test
	void archivedAgentsCannotBeUpdated() {
		BetaManagedAgentsAgent agent = create("Frozen");
		this.client.beta().agents().archive(agent.id());

		BadRequestException error = assertThrows(BadRequestException.class,
				() -> this.client.beta().agents().update(agent.id(), AgentUpdateParams.builder().name("x").build()));

		assertThat(error.getMessage()).contains("archived");
	}

	@Test
	void fieldsMemstoreDoesNotKnowAreStoredAndEchoed() {
		RawApi.Response created = managedAgents("POST", "/v1/agents").json("""
				{"name":"Extra","model":"claude-opus-4-8","x_team":{"lead":"maya","size":3},"x_flag":true}""").send();
		String id = created.json().path("id").asString();
		RawApi.Response updated = managedAgents("PATCH", "/v1/agents/" + id).json("""
				{"x_flag":false}""").send();
		RawApi.Response retrieved = managedAgents("GET", "/v1/agents/" + id).send();

		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json().path("x_team").path("lead").asString()).isEqualTo("maya");
		assertThat(created.json().path("x_team").path("size").asInt()).isEqualTo(3);
		assertThat(updated.json().path("x_flag").asBoolean()).isFalse();
		assertThat(updated.json().path("version").asInt()).isEqualTo(2);
		assertThat(retrieved.json().path("x_team")).isEqualTo(created.json().path("x_team"));
		assertThat(retrieve(id)._additionalProperties()).containsKeys("x_team", "x_flag");
	}

	@Test
	void invalidBodiesAreInvalidRequestErrorsNamingTheField() {
		String model = "\"model\":\"claude-opus-4-8\"";
		assertInvalid("{" + model + "}", "name is required");
		assertInvalid("{\"name\":\"\"," + model + "}", "name must be 1 to 256");
		assertInvalid("{\"name\":\"" + "n".repeat(257) + "\"," + model + "}", "name must be 1 to 256");
		assertInvalid("{\"name\":\"No model\"}", "model is required");
		assertInvalid("{\"name\":\"x\",\"model\":7}", "model must be");
		assertInvalid("{\"name\":\"x\"," + model + ",\"tools\":[{\"type\":\"bash_20250124\"}]}", "tools[0].type");
		assertInvalid(
				"{\"name\":\"x\"," + model
						+ ",\"tools\":[{\"type\":\"agent_toolset_20260401\",\"configs\":[{\"name\":\"telnet\"}]}]}",
				"tools[0].configs[0].name");
		assertInvalid(
				"{\"name\":\"x\"," + model + ",\"tools\":[{\"type\":\"mcp_toolset\",\"mcp_server_name\":\"nowhere\"}]}",
				"names no entry of mcp_servers");
		assertInvalid("{\"name\":\"x\"," + model + ",\"mcp_servers\":" + mcpServers(21) + "}", "at most 20 servers");
		assertInvalid("{\"name\":\"x\"," + model + ",\"metadata\":" + metadata(17) + "}", "at most 16 pairs");
		assertInvalid("{\"name\":\"x\"," + model + ",\"tools\":" + customTools(257) + "}", "at most 256 tools");
		assertInvalid("[]", "must be a JSON object");
		// PostgreSQL cannot store U+0000, even inside a field memstore only echoes.
		assertInvalid("{\"name\":\"x\"," + model + ",\"x_note\":{\"a\":[\"\\u0000\"]}}", "x_note.a[0]");
		assertInvalid("{\"name\":\"x\"," + model + ",\"x\\u0000\":1}", "field name");
		assertInvalid("{\"name\":\"x\"," + model + ",\"multiagent\":{\"type\":\"\\u0000\"}}", "multiagent.type");
	}

	@Test
	void customToolNamesAreOneTo128LettersDigitsUnderscoresOrHyphens() {
		String longest = "n".repeat(128);
		BetaManagedAgentsAgent agent = this.client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Custom")
				.model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8)
				.addTool(customTool("lookup_word-2"))
				.addTool(customTool(longest))
				.build());
		assertThat(agent.tools()).extracting((tool) -> tool.asCustom().name())
			.containsExactly("lookup_word-2", longest);

		for (String name : List.of("look up", "", "n".repeat(129), "café", "a.b", "tool/name")) {
			BadRequestException refused = assertThrows(BadRequestException.class,
					() -> this.client.beta()
						.agents()
						.create(AgentCreateParams.builder()
							.name("Custom")
							.model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8)
							.addTool(BetaManagedAgentsAgentToolset20260401Params.builder().build())
							.addTool(customTool("fine"))
							.addTool(customTool(name))
							.build()));
			assertThat(refused.type()).contains(ErrorType.INVALID_REQUEST_ERROR);
			assertThat(refused.getMessage()).as(name)
				.contains("tools[2].name must be 1 to 128 letters, digits, underscores or hyphens")
				.contains("^[a-zA-Z0-9_-]{1,128}$");
		}
		BadRequestException refused = assertThrows(BadRequestException.class,
				() -> this.client.beta()
					.agents()
					.update(agent.id(), AgentUpdateParams.builder().addTool(customTool("no spaces")).build()));
		assertThat(refused.getMessage()).contains("tools[0].name must be 1 to 128");
		assertThat(retrieve(agent.id()).version()).isEqualTo(1);
	}

	@Test
	void customToolNamesAreUniqueAndDoNotShadowTheToolsetsBuiltInTools() {
		BadRequestException duplicate = assertThrows(BadRequestException.class,
				() -> this.client.beta()
					.agents()
					.create(AgentCreateParams.builder()
						.name("Custom")
						.model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8)
						.addTool(customTool("lookup"))
						.addTool(customTool("other"))
						.addTool(customTool("lookup"))
						.build()));
		assertThat(duplicate.type()).contains(ErrorType.INVALID_REQUEST_ERROR);
		assertThat(duplicate.getMessage())
			.contains("tools[2].name 'lookup' is already the name of tools[0]; custom tool names must be unique");

		BadRequestException shadowing = assertThrows(BadRequestException.class,
				() -> this.client.beta()
					.agents()
					.create(AgentCreateParams.builder()
						.name("Custom")
						.model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8)
						.addTool(customTool("grep"))
						.addTool(BetaManagedAgentsAgentToolset20260401Params.builder().build())
						.build()));
		assertThat(shadowing.type()).contains(ErrorType.INVALID_REQUEST_ERROR);
		assertThat(shadowing.getMessage())
			.contains("tools[0].name 'grep' is the name of a built-in tool of tools[1] (agent_toolset_20260401)");

		// Without the toolset, nothing else is called grep.
		BetaManagedAgentsAgent agent = this.client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Custom")
				.model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8)
				.addTool(customTool("grep"))
				.build());
		assertThat(agent.tools().get(0).asCustom().name()).isEqualTo("grep");
		BadRequestException shadowingOnUpdate = assertThrows(BadRequestException.class,
				() -> this.client.beta()
					.agents()
					.update(agent.id(),
							AgentUpdateParams.builder()
								.addTool(BetaManagedAgentsAgentToolset20260401Params.builder().build())
								.addTool(customTool("grep"))
								.build()));
		assertThat(shadowingOnUpdate.getMessage())
			.contains("tools[1].name 'grep' is the name of a built-in tool of tools[0]");
		assertThat(retrieve(agent.id()).version()).isEqualTo(1);
	}

	@Test
	void agentsOfAnotherWorkspaceAreNotFound() {
		BetaManagedAgentsAgent agent = create("Private");
		AnthropicClient stranger = Sdk.client(this.port, TestWorkspaces.create(this.port).apiKey());

		assertThrows(NotFoundException.class, () -> stranger.beta().agents().retrieve(agent.id()));
		assertThrows(NotFoundException.class,
				() -> stranger.beta().agents().update(agent.id(), AgentUpdateParams.builder().name("x").build()));
		assertThrows(NotFoundException.class, () -> stranger.beta().agents().archive(agent.id()));
		assertThrows(NotFoundException.class, () -> stranger.beta().agents().versions().list(agent.id()));
		assertThat(stranger.beta().agents().list().data()).isEmpty();
		assertThrows(NotFoundException.class, () -> this.client.beta().agents().retrieve("not-an-agent"));
	}

	@Test
	void agentsCannotBeDeleted() {
		BetaManagedAgentsAgent agent = create("Permanent");

		RawApi.Response response = managedAgents("DELETE", "/v1/agents/" + agent.id()).send();

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.errorType()).isEqualTo("invalid_request_error");
		assertThat(response.header("allow")).contains("GET").contains("POST");
	}

	@Test
	void agentEndpointsRequireTheManagedAgentsBetaHeader() {
		RawApi.Response response = this.api.request("GET", "/v1/agents")
			.header("x-api-key", this.apiKey)
			.header("anthropic-beta", TestKeys.MEMORY_BETA)
			.send();

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorMessage()).contains(TestKeys.MANAGED_AGENTS_BETA);
	}

	private void assertInvalid(String body, String message) {
		RawApi.Response response = managedAgents("POST", "/v1/agents").json(body).send();
		assertThat(response.status()).as(body).isEqualTo(400);
		assertThat(response.errorType()).as(body).isEqualTo("invalid_request_error");
		assertThat(response.errorMessage()).as(body).contains(message);
	}

	private BetaManagedAgentsAgent create(String name) {
		return this.client.beta()
			.agents()
			.create(AgentCreateParams.builder().name(name).model(BetaManagedAgentsModel.CLAUDE_OPUS_4_8).build());
	}

	private static BetaManagedAgentsCustomToolParams customTool(String name) {
		return BetaManagedAgentsCustomToolParams.builder()
			.name(name)
			.description("A tool of the caller's")
			.inputSchema(BetaManagedAgentsCustomToolInputSchema.builder().build())
			.build();
	}

	private BetaManagedAgentsAgent retrieve(String id) {
		return this.client.beta().agents().retrieve(id);
	}

	private RawApi.Request managedAgents(String method, String path) {
		return this.api.request(method, path)
			.header("x-api-key", this.apiKey)
			.header("anthropic-beta", TestKeys.MANAGED_AGENTS_BETA);
	}

	private static String mcpServers(int count) {
		List<String> servers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			servers.add("{\"type\":\"url\",\"name\":\"s" + i + "\",\"url\":\"https://mcp.example.com/" + i + "\"}");
		}
		return "[" + String.join(",", servers) + "]";
	}

	private static String metadata(int pairs) {
		List<String> entries = new ArrayList<>();
		for (int i = 0; i < pairs; i++) {
			entries.add("\"k" + i + "\":\"v\"");
		}
		return "{" + String.join(",", entries) + "}";
	}

	private static String customTools(int count) {
		List<String> tools = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			tools.add("{\"type\":\"custom\",\"name\":\"t" + i
					+ "\",\"description\":\"d\",\"input_schema\":{\"type\":\"object\"}}");
		}
		return "[" + String.join(",", tools) + "]";
	}

}
