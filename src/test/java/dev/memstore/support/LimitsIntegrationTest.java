package dev.memstore.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The running application with every limit of a shared server set low enough for tests to
 * reach it: each API key's request rate, and the quotas of each workspace. The tests that
 * share it each work in fresh workspaces, with fresh keys, so that one test's use of a
 * limit never counts against another's.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "memstore.embedded-db.ephemeral=true", "memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP,
				"memstore.auth.admin-key=" + TestKeys.ADMIN,
				"memstore.limits.requests-per-minute=" + LimitsIntegrationTest.REQUESTS_PER_MINUTE,
				"memstore.limits.memory-stores-per-workspace=" + LimitsIntegrationTest.STORES,
				"memstore.limits.bytes-per-store=" + LimitsIntegrationTest.BYTES + "B",
				"memstore.limits.sessions-per-workspace=" + LimitsIntegrationTest.SESSIONS,
				"memstore.limits.open-streams-per-workspace=" + LimitsIntegrationTest.STREAMS,
				// A stream whose client went away is noticed at its next heartbeat.
				"memstore.sessions.stream-heartbeat=500ms" })
public @interface LimitsIntegrationTest {

	int REQUESTS_PER_MINUTE = 30;

	int STORES = 3;

	int BYTES = 1000;

	int SESSIONS = 2;

	int STREAMS = 2;

}
