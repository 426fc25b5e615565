package dev.memstore.selfhosted;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWork;
import com.anthropic.models.beta.environments.work.WorkAckParams;
import com.anthropic.models.beta.environments.work.WorkHeartbeatParams;
import com.anthropic.models.beta.environments.work.WorkPollParams;
import com.anthropic.models.beta.environments.work.WorkStopParams;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWorkStopRequest;
import com.anthropic.models.beta.environments.work.BetaSelfHostedWorkHeartbeatResponse;
import com.anthropic.models.beta.sessions.SessionCreateParams;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.memstore.support.RawApi;
import dev.memstore.support.Sdk;
import dev.memstore.support.SessionFixtures;
import dev.memstore.support.TestWorkspaces;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each test of the work queue starts from: a fresh workspace with a self-hosted
 * environment, a key of that environment issued through the operator API, and an agent;
 * and the worker's calls, made through the official Java SDK as the worker makes them.
 */
abstract class SelfHostedTestSupport {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	RawApi api;

	TestWorkspaces.Workspace workspace;

	/** The workspace's API-key client. */
	AnthropicClient client;

	String environmentId;

	String environmentKey;

	/** The environment key's client, as the worker's poller uses it. */
	AnthropicClient worker;

	String agentId;

	@BeforeEach
	void aSelfHostedEnvironmentWithAKey() {
		this.api = new RawApi(this.port);
		this.workspace = TestWorkspaces.create(this.port);
		this.client = Sdk.client(this.port, this.workspace.apiKey());
		this.environmentId = selfHostedEnvironment("Workers");
		this.environmentKey = issueKey(this.environmentId);
		this.worker = Sdk.bearerClient(this.port, this.environmentKey);
		this.agentId = SessionFixtures.agentWithToolset(this.client, "Worker agent", "memstore-offline");
	}

	String selfHostedEnvironment(String name) {
		RawApi.Response created = this.api.managedAgentsApi("POST", "/v1/environments", this.workspace.apiKey())
			.json("{\"name\":\"" + name + "\",\"config\":{\"type\":\"self_hosted\"}}")
			.send();
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json().path("id").asString();
	}

	String issueKey(String environmentId) {
		RawApi.Response key = this.api.operator("POST", keysPath(environmentId)).json("{\"name\":\"worker\"}").send();
		assertThat(key.status()).as(key.body()).isEqualTo(200);
		return key.json().path("secret").asString();
	}

	String keysPath(String environmentId) {
		return "/_memstore/workspaces/" + this.workspace.id() + "/environments/" + environmentId + "/keys";
	}

	String newSession() {
		return this.client.beta()
			.sessions()
			.create(SessionCreateParams.builder().agent(this.agentId).environmentId(this.environmentId).build())
			.id();
	}

	BetaSelfHostedWork pollOnce() {
		return this.worker.beta()
			.environments()
			.work()
			.poll(this.environmentId, WorkPollParams.builder().blockMs(999L).anthropicWorkerId("worker-a").build())
			.orElseThrow();
	}

	BetaSelfHostedWork ack(AnthropicClient as, String workId) {
		return as.beta()
			.environments()
			.work()
			.ack(workId, WorkAckParams.builder().environmentId(this.environmentId).build());
	}

	BetaSelfHostedWorkHeartbeatResponse heartbeat(AnthropicClient as, String workId, String expected, Long ttl) {
		return as.beta()
			.environments()
			.work()
			.heartbeat(workId,
					WorkHeartbeatParams.builder()
						.environmentId(this.environmentId)
						.expectedLastHeartbeat(expected)
						.desiredTtlSeconds(ttl)
						.build());
	}

	BetaSelfHostedWork stop(AnthropicClient as, String workId, boolean force) {
		return as.beta()
			.environments()
			.work()
			.stop(workId,
					WorkStopParams.builder()
						.environmentId(this.environmentId)
						.betaSelfHostedWorkStopRequest(BetaSelfHostedWorkStopRequest.builder().force(force).build())
						.build());
	}

	/**
	 * The sessions token a delivery's {@code secret} carries, decoded as the worker does.
	 */
	static String sessionsToken(BetaSelfHostedWork work) {
		JsonNode secret = JSON
			.readTree(new String(Base64.getUrlDecoder().decode(work.secret().orElseThrow()), StandardCharsets.UTF_8));
		return secret.path("sessions_token").asString();
	}

	/** A raw request with a worker's credential as the worker sends it. */
	RawApi.Request asWorker(String method, String path, String token) {
		return this.api.request(method, path)
			.header("Authorization", "Bearer " + token)
			.header("anthropic-beta", "managed-agents-2026-04-01");
	}

}
