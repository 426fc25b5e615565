package dev.memstore.support;

/**
 * The keys the test application is configured with.
 */
public final class TestKeys {

	public static final String BOOTSTRAP = "sk-memstore-test-bootstrap";

	public static final String ADMIN = "test-admin-key";

	public static final String MEMORY_BETA = "agent-memory-2026-07-22";

	public static final String MANAGED_AGENTS_BETA = "managed-agents-2026-04-01";

	private TestKeys() {
	}

}
