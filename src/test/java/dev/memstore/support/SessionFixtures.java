package dev.memstore.support;

import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.beta.agents.AgentCreateParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsAgentToolset20260401Params;
import com.anthropic.models.beta.agents.BetaManagedAgentsAlwaysAskPolicy;
import com.anthropic.models.beta.agents.BetaManagedAgentsCustomToolInputSchema;
import com.anthropic.models.beta.agents.BetaManagedAgentsCustomToolParams;
import com.anthropic.models.beta.agents.BetaManagedAgentsModel;
import com.anthropic.models.beta.agents.BetaManagedAgentsWriteToolConfigParams;
import com.anthropic.models.beta.environments.BetaSelfHostedConfigParams;
import com.anthropic.models.beta.environments.EnvironmentCreateParams;
import com.anthropic.models.beta.sessions.BetaManagedAgentsMemoryStoreResourceParam;
import com.anthropic.models.beta.sessions.SessionCreateParams;

/**
 * The objects most session tests start from, made through the SDK: an environment, an
 * agent with the whole toolset, and a session mounting one store read-write.
 */
public final class SessionFixtures {

	private SessionFixtures() {
	}

	public static String environment(AnthropicClient client, String name) {
		return client.beta().environments().create(EnvironmentCreateParams.builder().name(name).build()).id();
	}

	/**
	 * An environment whose config is {@code {type:"self_hosted"}}: the client's worker
	 * runs its sessions' built-in tool calls.
	 */
	public static String selfHostedEnvironment(AnthropicClient client, String name) {
		return client.beta()
			.environments()
			.create(EnvironmentCreateParams.builder()
				.name(name)
				.config(BetaSelfHostedConfigParams.builder().build())
				.build())
			.id();
	}

	public static String agentWithToolset(AnthropicClient client, String name, String model) {
		return client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name(name)
				.model(BetaManagedAgentsModel.of(model))
				.addTool(BetaManagedAgentsAgentToolset20260401Params.builder()
					.type(JsonValue.from("agent_toolset_20260401"))
					.build())
				.build())
			.id();
	}

	/**
	 * An agent with the whole toolset, whose {@code write} asks before it runs, and one
	 * custom tool, {@code lookup_order}, which the application runs.
	 */
	public static String agentWithClientTools(AnthropicClient client, String model) {
		return client.beta()
			.agents()
			.create(AgentCreateParams.builder()
				.name("Support agent")
				.model(BetaManagedAgentsModel.of(model))
				.addTool(BetaManagedAgentsAgentToolset20260401Params.builder()
					.type(JsonValue.from("agent_toolset_20260401"))
					.addConfig(BetaManagedAgentsWriteToolConfigParams.builder()
						.name(JsonValue.from("write"))
						.permissionPolicy(
								BetaManagedAgentsAlwaysAskPolicy.builder().type(JsonValue.from("always_ask")).build())
						.build())
					.build())
				.addTool(BetaManagedAgentsCustomToolParams.builder()
					.type(JsonValue.from("custom"))
					.name("lookup_order")
					.description("Looks up an order by its id")
					.inputSchema(BetaManagedAgentsCustomToolInputSchema.builder()
						.type(JsonValue.from("object"))
						.putAdditionalProperty("properties",
								JsonValue.from(Map.of("order_id", Map.of("type", "string"))))
						.addRequired("order_id")
						.build())
					.build())
				.build())
			.id();
	}

	public static String sessionMounting(AnthropicClient client, String agentId, String environmentId, String storeId) {
		return client.beta()
			.sessions()
			.create(SessionCreateParams.builder()
				.agent(agentId)
				.environmentId(environmentId)
				.addResource(BetaManagedAgentsMemoryStoreResourceParam.builder()
					.type(JsonValue.from("memory_store"))
					.memoryStoreId(storeId)
					.access(BetaManagedAgentsMemoryStoreResourceParam.Access.READ_WRITE)
					.build())
				.build())
			.id();
	}

}
