package dev.memstore.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The workspace of each store, remembered: a store never changes workspace and its id is
 * never reused, so once read the answer holds for as long as the store exists. Every read
 * of a memory or a version asks, and a remembered answer spares it a statement. A store
 * deleted since may still be remembered (on other instances): its contents went with it,
 * so a read finds nothing and asks the database whether the store exists.
 */
@Component
class StoreWorkspaces {

	/**
	 * Enough for every store a busy instance serves, and at most some megabytes; beyond
	 * it, forgetting all and reading again is cheaper than a smarter policy.
	 */
	static final int CAPACITY = 100_000;

	private final Map<String, String> workspaces = new ConcurrentHashMap<>();

	private final OwnedStores owned;

	StoreWorkspaces(OwnedStores owned) {
		this.owned = owned;
	}

	Optional<String> of(String storeId) {
		String known = this.workspaces.get(storeId);
		if (known != null) {
			return Optional.of(known);
		}
		Optional<String> read = this.owned.workspaceOf(storeId);
		read.ifPresent((workspaceId) -> {
			if (this.workspaces.size() >= CAPACITY) {
				this.workspaces.clear();
			}
			this.workspaces.put(storeId, workspaceId);
		});
		return read;
	}

	void forget(String storeId) {
		this.workspaces.remove(storeId);
	}

}
