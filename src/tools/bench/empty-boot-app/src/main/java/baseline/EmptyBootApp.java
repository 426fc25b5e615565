package baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smallest web app of memstore's Spring Boot version, started beside memstore by the
 * footprint benchmark (B5) as its baseline.
 */
@SpringBootApplication
@RestController
public class EmptyBootApp {

	@GetMapping("/")
	String hello() {
		return "hello";
	}

	public static void main(String[] args) {
		SpringApplication.run(EmptyBootApp.class, args);
	}

}
