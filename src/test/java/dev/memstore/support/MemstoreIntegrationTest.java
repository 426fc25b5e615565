package dev.memstore.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The running application on a throw-away embedded PostgreSQL, with the test keys. Every
 * test class that uses it shares one application context, hence one database. Webhook
 * deliveries give up after a few seconds rather than a day, and wait a few seconds for an
 * answer, so that tests see a retry period end. Self-hosted work items wait two seconds
 * for their first heartbeat, and leases that ran out are swept five times a second.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "memstore.embedded-db.ephemeral=true", "memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP,
				"memstore.auth.admin-key=" + TestKeys.ADMIN,
				"memstore.webhooks.retry-period=" + MemstoreIntegrationTest.WEBHOOK_RETRY_PERIOD,
				"memstore.webhooks.timeout=" + MemstoreIntegrationTest.WEBHOOK_TIMEOUT,
				"memstore.webhooks.connect-timeout=2s",
				"memstore.selfhosted.claim-window=" + MemstoreIntegrationTest.WORK_CLAIM_WINDOW,
				"memstore.selfhosted.sweep-interval=200ms" })
public @interface MemstoreIntegrationTest {

	/**
	 * Long enough for two retries (the first comes within 5 s), short enough to wait for.
	 */
	String WEBHOOK_RETRY_PERIOD = "8s";

	String WEBHOOK_TIMEOUT = "3s";

	/**
	 * How long an acknowledged work item waits for its first heartbeat: short, so that a
	 * worker that dies after its ack is seen within a test.
	 */
	String WORK_CLAIM_WINDOW = "2s";

}
