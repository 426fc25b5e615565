package dev.memstore.workspace;

import dev.memstore.kernel.ListPage;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API: workspaces and their keys, under {@code /_memstore} and guarded by
 * the admin key.
 */
@RestController
@RequestMapping("/_memstore/workspaces")
class OperatorController {

	private final WorkspaceService workspaces;

	OperatorController(WorkspaceService workspaces) {
		this.workspaces = workspaces;
	}

	@PostMapping
	Workspace createWorkspace(@RequestBody WorkspaceCreateRequest body) {
		return this.workspaces.createWorkspace(body.name());
	}

	@GetMapping
	ListPage<Workspace> listWorkspaces() {
		return this.workspaces.listWorkspaces();
	}

	@GetMapping("/{workspace_id}")
	Workspace getWorkspace(@PathVariable("workspace_id") String workspaceId) {
		return this.workspaces.getWorkspace(workspaceId);
	}

	@PostMapping("/{workspace_id}/api_keys")
	ApiKey issueKey(@PathVariable("workspace_id") String workspaceId,
			@RequestBody(required = false) ApiKeyCreateRequest body) {
		return this.workspaces.issueKey(workspaceId, (body != null) ? body.name() : null);
	}

	@GetMapping("/{workspace_id}/api_keys")
	ListPage<ApiKey> listKeys(@PathVariable("workspace_id") String workspaceId) {
		return this.workspaces.listKeys(workspaceId);
	}

	@PostMapping("/{workspace_id}/api_keys/{api_key_id}/revoke")
	ApiKey revokeKey(@PathVariable("workspace_id") String workspaceId, @PathVariable("api_key_id") String keyId) {
		return this.workspaces.revokeKey(workspaceId, keyId);
	}

	record WorkspaceCreateRequest(String name) {
	}

	record ApiKeyCreateRequest(String name) {
	}

}
