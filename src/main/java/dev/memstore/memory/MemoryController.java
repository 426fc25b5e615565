package dev.memstore.memory;

import dev.memstore.api.BetaApi;
import dev.memstore.api.BetaFamily;
import dev.memstore.api.Caller;
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
 * {@code /v1/memory_stores/{memory_store_id}/memories}.
 */
@RestController
@BetaApi(BetaFamily.MEMORY_STORES)
@RequestMapping("/v1/memory_stores/{memory_store_id}/memories")
class MemoryController {

	private final MemoryService memories;

	MemoryController(MemoryService memories) {
		this.memories = memories;
	}

	@PostMapping
	Memory create(Caller caller, @PathVariable("memory_store_id") String storeId,
			@RequestParam(name = "view", required = false) String view, @RequestBody MemoryCreateRequest body) {
		return this.memories.create(caller.workspaceId(), storeId, body, Actor.of(caller),
				MemoryView.parse(view, MemoryView.BASIC));
	}

	@GetMapping("/{memory_id}")
	Memory retrieve(Caller caller, @PathVariable("memory_store_id") String storeId,
			@PathVariable("memory_id") String memoryId, @RequestParam(name = "view", required = false) String view) {
		return this.memories.get(caller.workspaceId(), storeId, memoryId, MemoryView.parse(view, MemoryView.FULL));
	}

	@RequestMapping(path = "/{memory_id}", method = { RequestMethod.POST, RequestMethod.PATCH })
	Memory update(Caller caller, @PathVariable("memory_store_id") String storeId,
			@PathVariable("memory_id") String memoryId, @RequestParam(name = "view", required = false) String view,
			@RequestBody(required = false) MemoryUpdateRequest body) {
		return this.memories.update(caller.workspaceId(), storeId, memoryId,
				(body != null) ? body : new MemoryUpdateRequest(null, null, null), Actor.of(caller),
				MemoryView.parse(view, MemoryView.BASIC));
	}

	@GetMapping
	ListPage<MemoryListItem> list(Caller caller, @PathVariable("memory_store_id") String storeId,
			@RequestParam(name = "path_prefix", required = false) String pathPrefix,
			@RequestParam(name = "depth", required = false) String depth,
			@RequestParam(name = "order_by", required = false) String orderBy,
			@RequestParam(name = "order", required = false) String order,
			@RequestParam(name = "view", required = false) String view, PageParams page) {
		return this.memories.list(caller.workspaceId(), storeId,
				MemoryListQuery.parse(pathPrefix, depth, orderBy, order, view), page);
	}

	@DeleteMapping("/{memory_id}")
	DeletedMemory delete(Caller caller, @PathVariable("memory_store_id") String storeId,
			@PathVariable("memory_id") String memoryId,
			@RequestParam(name = "expected_content_sha256", required = false) String expectedSha256) {
		return this.memories.delete(caller.workspaceId(), storeId, memoryId, expectedSha256, Actor.of(caller));
	}

}
