package dev.memstore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MemstoreApplication {

	public static void main(String[] args) {
		SpringApplication.run(MemstoreApplication.class, args);
	}

}
