package dev.memstore.agent;

import dev.memstore.kernel.ApiException;
import dev.memstore.api.BetaApi;
import dev.memstore.api.BetaFamily;
import dev.memstore.api.Caller;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/agents}. Bodies are bound as untyped JSON and validated in that form, so
 * that every error names its field ({@code tools[0].type}); the service builds the
 * records from them. Agents have no delete: {@code DELETE} answers 405.
 */
@RestController
@BetaApi(BetaFamily.MANAGED_AGENTS)
@RequestMapping("/v1/agents")
class AgentController {

	private final AgentService agents;

	AgentController(AgentService agents) {
		this.agents = agents;
	}

	@PostMapping
	Agent create(Caller caller, @RequestBody(required = false) Object body) {
		return this.agents.create(caller.workspaceId(), JsonValues.body(body));
	}

	@GetMapping("/{agent_id}")
	Agent retrieve(Caller caller, @PathVariable("agent_id") String agentId,
			@RequestParam(name = "version", required = false) Integer version) {
		if (version != null && version < 1) {
			throw ApiException.invalidRequest("version must be a positive integer, got " + version);
		}
		return this.agents.get(caller.workspaceId(), agentId, version);
	}

	@RequestMapping(path = "/{agent_id}", method = { RequestMethod.POST, RequestMethod.PATCH })
	Agent update(Caller caller, @PathVariable("agent_id") String agentId, @RequestBody(required = false) Object body) {
		return this.agents.update(caller.workspaceId(), agentId, JsonValues.body(body));
	}

	@GetMapping
	ListPage<Agent> list(Caller caller,
			@RequestParam(name = "include_archived", required = false) Boolean includeArchived,
			CreatedAtRange createdAt, PageParams page) {
		return this.agents.list(caller.workspaceId(), Boolean.TRUE.equals(includeArchived), createdAt, page);
	}

	@PostMapping("/{agent_id}/archive")
	Agent archive(Caller caller, @PathVariable("agent_id") String agentId) {
		return this.agents.archive(caller.workspaceId(), agentId);
	}

	@GetMapping("/{agent_id}/versions")
	ListPage<Agent> versions(Caller caller, @PathVariable("agent_id") String agentId, PageParams page) {
		return this.agents.listVersions(caller.workspaceId(), agentId, page);
	}

}
