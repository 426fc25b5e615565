package dev.memstore.selfhosted;

import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API of environment keys, under {@code /_memstore} and guarded by the admin
 * key: no endpoint of the platform's API mints one.
 */
@RestController
@RequestMapping("/_memstore/workspaces/{workspace_id}/environments/{environment_id}/keys")
class EnvironmentKeyController {

	private final SelfHostedService selfHosted;

	EnvironmentKeyController(SelfHostedService selfHosted) {
		this.selfHosted = selfHosted;
	}

	@PostMapping
	EnvironmentKey issue(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("environment_id") String environmentId,
			@RequestBody(required = false) KeyCreateRequest body) {
		return this.selfHosted.issueKey(workspaceId, environmentId, (body != null) ? body.name() : null);
	}

	@GetMapping
	ListPage<EnvironmentKey> list(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("environment_id") String environmentId, PageParams page) {
		return this.selfHosted.listKeys(workspaceId, environmentId, page);
	}

	@PostMapping("/{key_id}/revoke")
	EnvironmentKey revoke(@PathVariable("workspace_id") String workspaceId,
			@PathVariable("environment_id") String environmentId, @PathVariable("key_id") String keyId) {
		return this.selfHosted.revokeKey(workspaceId, environmentId, keyId);
	}

	record KeyCreateRequest(String name) {
	}

}
