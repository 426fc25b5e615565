package dev.memstore.api;

import java.util.List;

/**
 * The {@code anthropic-beta} values each endpoint family accepts.
 */
public enum BetaFamily {

	/**
	 * Memory stores, memories and versions: either value alone, never both together.
	 */
	MEMORY_STORES(List.of("agent-memory-2026-07-22", "managed-agents-2026-04-01"), true),

	/**
	 * Sessions, agents and environments.
	 */
	MANAGED_AGENTS(List.of("managed-agents-2026-04-01"), false),

	/**
	 * Dreams.
	 */
	DREAMS(List.of("dreaming-2026-04-21"), false);

	private final List<String> accepted;

	private final boolean exclusive;

	BetaFamily(List<String> accepted, boolean exclusive) {
		this.accepted = accepted;
		this.exclusive = exclusive;
	}

	List<String> accepted() {
		return this.accepted;
	}

	/**
	 * Whether sending more than one accepted value at once is an error.
	 */
	boolean exclusive() {
		return this.exclusive;
	}

}
