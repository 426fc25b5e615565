package dev.memstore.memory;

import dev.memstore.api.BetaApi;
import dev.memstore.api.BetaFamily;
import dev.memstore.api.Caller;
import dev.memstore.kernel.CreatedAtRange;
import dev.memstore.kernel.ListPage;
import dev.memstore.kernel.PageParams;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/memory_stores/{memory_store_id}/memory_versions}.
 */
@RestController
@BetaApi(BetaFamily.MEMORY_STORES)
@RequestMapping("/v1/memory_stores/{memory_store_id}/memory_versions")
class MemoryVersionController {

	private final MemoryVersionService versions;

	MemoryVersionController(MemoryVersionService versions) {
		this.versions = versions;
	}

	@GetMapping
	ListPage<MemoryVersion> list(Caller caller, @PathVariable("memory_store_id") String storeId,
			@RequestParam(name = "memory_id", required = false) String memoryId,
			@RequestParam(name = "operation", required = false) String operation,
			@RequestParam(name = "session_id", required = false) String sessionId,
			@RequestParam(name = "api_key_id", required = false) String apiKeyId,
			@RequestParam(name = "service_account_id", required = false) String serviceAccountId,
			@RequestParam(name = "view", required = false) String view, CreatedAtRange createdAt, PageParams page) {
		return this.versions.list(caller.workspaceId(), storeId,
				MemoryVersionQuery.parse(memoryId, operation, sessionId, apiKeyId, serviceAccountId, createdAt, view),
				page);
	}

	@GetMapping("/{memory_version_id}")
	MemoryVersion retrieve(Caller caller, @PathVariable("memory_store_id") String storeId,
			@PathVariable("memory_version_id") String versionId,
			@RequestParam(name = "view", required = false) String view) {
		return this.versions.get(caller.workspaceId(), storeId, versionId, MemoryView.parse(view, MemoryView.FULL));
	}

	@PostMapping("/{memory_version_id}/redact")
	MemoryVersion redact(Caller caller, @PathVariable("memory_store_id") String storeId,
			@PathVariable("memory_version_id") String versionId) {
		return this.versions.redact(caller.workspaceId(), storeId, versionId, Actor.of(caller));
	}

}
