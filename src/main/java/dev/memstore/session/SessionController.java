package dev.memstore.session;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.memstore.api.ArrayParameters;
import dev.memstore.api.BetaApi;
import dev.memstore.api.BetaFamily;
import dev.memstore.api.Caller;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/sessions} and their resources.
 */
@RestController
@BetaApi(BetaFamily.MANAGED_AGENTS)
@RequestMapping("/v1/sessions")
class SessionController {

	private final SessionService sessions;

	SessionController(SessionService sessions) {
		this.sessions = sessions;
	}

	@PostMapping
	Session create(Caller caller, @RequestBody SessionCreateRequest body) {
		return this.sessions.create(caller.workspaceId(), body);
	}

	@GetMapping("/{session_id}")
	Session retrieve(Caller caller, @PathVariable("session_id") String sessionId) {
		return caller.sessionId().isPresent() ? this.sessions.getForWorker(caller.workspaceId(), sessionId)
				: this.sessions.get(caller.workspaceId(), sessionId);
	}

	@RequestMapping(path = "/{session_id}", method = { RequestMethod.POST, RequestMethod.PATCH })
	Session update(Caller caller, @PathVariable("session_id") String sessionId,
			@RequestBody(required = false) SessionUpdateRequest body) {
		return this.sessions.update(caller.workspaceId(), sessionId,
				(body != null) ? body : new SessionUpdateRequest());
	}

	@GetMapping
	SessionPage list(Caller caller, HttpServletRequest request,
			@RequestParam(name = "agent_id", required = false) String agentId,
			@RequestParam(name = "agent_version", required = false) String agentVersion,
			@RequestParam(name = "deployment_id", required = false) String deploymentId,
			@RequestParam(name = "include_archived", required = false) Boolean includeArchived,
			@RequestParam(name = "memory_store_id", required = false) String memoryStoreId,
			@RequestParam(name = "order", required = false) String order, CreatedAtRange createdAt, PageParams page) {
		return this.sessions.list(caller.workspaceId(), SessionListQuery.parse(agentId, agentVersion, createdAt,
				deploymentId, includeArchived, memoryStoreId, order, ArrayParameters.values(request, "statuses")),
				page);
	}

	@PostMapping("/{session_id}/archive")
	Session archive(Caller caller, @PathVariable("session_id") String sessionId) {
		return this.sessions.archive(caller.workspaceId(), sessionId);
	}

	@DeleteMapping("/{session_id}")
	Deleted delete(Caller caller, @PathVariable("session_id") String sessionId) {
		return this.sessions.delete(caller.workspaceId(), sessionId);
	}

	@GetMapping("/{session_id}/resources")
	ListPage<SessionResource> listResources(Caller caller, @PathVariable("session_id") String sessionId,
			PageParams page) {
		return this.sessions.listResources(caller.workspaceId(), sessionId, page);
	}

	@GetMapping("/{session_id}/resources/{resource_id}")
	SessionResource retrieveResource(Caller caller, @PathVariable("session_id") String sessionId,
			@PathVariable("resource_id") String resourceId) {
		return this.sessions.getResource(caller.workspaceId(), sessionId, resourceId);
	}

	@PostMapping("/{session_id}/resources")
	SessionResource addResource(Caller caller, @PathVariable("session_id") String sessionId,
			@RequestBody Map<String, Object> body) {
		return this.sessions.addResource(caller.workspaceId(), sessionId, body);
	}

	@PostMapping("/{session_id}/resources/{resource_id}")
	SessionResource updateResource(Caller caller, @PathVariable("session_id") String sessionId,
			@PathVariable("resource_id") String resourceId, @RequestBody Map<String, Object> body) {
		return this.sessions.updateResource(caller.workspaceId(), sessionId, resourceId, body);
	}

	@DeleteMapping("/{session_id}/resources/{resource_id}")
	Deleted deleteResource(Caller caller, @PathVariable("session_id") String sessionId,
			@PathVariable("resource_id") String resourceId) {
		return this.sessions.deleteResource(caller.workspaceId(), sessionId, resourceId);
	}

}
