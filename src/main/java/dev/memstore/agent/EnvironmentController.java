package dev.memstore.agent;

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
 * {@code /v1/environments}. Bodies are bound as untyped JSON and validated in that form,
 * so that every error names its field; the service builds the records from them.
 */
@RestController
@BetaApi(BetaFamily.MANAGED_AGENTS)
@RequestMapping("/v1/environments")
class EnvironmentController {

	private final EnvironmentService environments;

	EnvironmentController(EnvironmentService environments) {
		this.environments = environments;
	}

	@PostMapping
	Environment create(Caller caller, @RequestBody(required = false) Object body) {
		return this.environments.create(caller.workspaceId(), JsonValues.body(body));
	}

	@GetMapping("/{environment_id}")
	Environment retrieve(Caller caller, @PathVariable("environment_id") String environmentId) {
		return this.environments.get(caller.workspaceId(), environmentId);
	}

	@RequestMapping(path = "/{environment_id}", method = { RequestMethod.POST, RequestMethod.PATCH })
	Environment update(Caller caller, @PathVariable("environment_id") String environmentId,
			@RequestBody(required = false) Object body) {
		return this.environments.update(caller.workspaceId(), environmentId, JsonValues.body(body));
	}

	@GetMapping
	ListPage<Environment> list(Caller caller,
			@RequestParam(name = "include_archived", required = false) Boolean includeArchived,
			CreatedAtRange createdAt, PageParams page) {
		return this.environments.list(caller.workspaceId(), Boolean.TRUE.equals(includeArchived), createdAt, page);
	}

	@PostMapping("/{environment_id}/archive")
	Environment archive(Caller caller, @PathVariable("environment_id") String environmentId) {
		return this.environments.archive(caller.workspaceId(), environmentId);
	}

	@DeleteMapping("/{environment_id}")
	DeletedEnvironment delete(Caller caller, @PathVariable("environment_id") String environmentId) {
		return this.environments.delete(caller.workspaceId(), environmentId);
	}

}
