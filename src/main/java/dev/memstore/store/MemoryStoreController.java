package dev.memstore.store;

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
 * {@code /v1/memory_stores}.
 */
@RestController
@BetaApi(BetaFamily.MEMORY_STORES)
@RequestMapping("/v1/memory_stores")
class MemoryStoreController {

	private final MemoryStoreService stores;

	MemoryStoreController(MemoryStoreService stores) {
		this.stores = stores;
	}

	@PostMapping
	MemoryStore create(Caller caller, @RequestBody MemoryStoreCreateRequest body) {
		return this.stores.create(caller.workspaceId(), body);
	}

	@GetMapping("/{memory_store_id}")
	MemoryStore retrieve(Caller caller, @PathVariable("memory_store_id") String storeId) {
		return this.stores.get(caller.workspaceId(), storeId);
	}

	@RequestMapping(path = "/{memory_store_id}", method = { RequestMethod.POST, RequestMethod.PATCH })
	MemoryStore update(Caller caller, @PathVariable("memory_store_id") String storeId,
			@RequestBody(required = false) MemoryStoreUpdateRequest body) {
		return this.stores.update(caller.workspaceId(), storeId,
				(body != null) ? body : new MemoryStoreUpdateRequest(null, null, null));
	}

	@GetMapping
	ListPage<MemoryStore> list(Caller caller,
			@RequestParam(name = "include_archived", required = false) Boolean includeArchived,
			CreatedAtRange createdAt, PageParams page) {
		return this.stores.list(caller.workspaceId(), Boolean.TRUE.equals(includeArchived), createdAt, page);
	}

	@PostMapping("/{memory_store_id}/archive")
	MemoryStore archive(Caller caller, @PathVariable("memory_store_id") String storeId) {
		return this.stores.archive(caller.workspaceId(), storeId);
	}

	@DeleteMapping("/{memory_store_id}")
	DeletedMemoryStore delete(Caller caller, @PathVariable("memory_store_id") String storeId) {
		return this.stores.delete(caller.workspaceId(), storeId);
	}

}
