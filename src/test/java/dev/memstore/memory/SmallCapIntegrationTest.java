package dev.memstore.memory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.memstore.support.TestKeys;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The running application with a per-store cap of {@value #CAP} memories, so that tests
 * can reach it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "memstore.embedded-db.ephemeral=true", "memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP,
				"memstore.auth.admin-key=" + TestKeys.ADMIN,
				"memstore.limits.memories-per-store=" + SmallCapIntegrationTest.CAP })
@interface SmallCapIntegrationTest {

	int CAP = 40;

}
