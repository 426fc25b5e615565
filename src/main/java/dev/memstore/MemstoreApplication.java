package dev.memstore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * memstore's entry point. Jackson 2 is on the class path only for the Anthropic SDK's
 * client (memstore's own JSON is Jackson 3); left in, the actuator would build a Jackson
 * 2 mapper at every start, with the Kotlin module the SDK brings, and load some 1,500
 * classes that nothing uses.
 */
@SpringBootApplication(
		excludeName = "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.Jackson2EndpointAutoConfiguration")
@ConfigurationPropertiesScan
public class MemstoreApplication {

	public static void main(String[] args) {
		SpringApplication.run(MemstoreApplication.class, args);
	}

}
