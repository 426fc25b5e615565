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
 * test class that uses it shares one application context, hence one database.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "memstore.embedded-db.ephemeral=true", "memstore.auth.bootstrap-key=" + TestKeys.BOOTSTRAP,
				"memstore.auth.admin-key=" + TestKeys.ADMIN })
public @interface MemstoreIntegrationTest {

}
