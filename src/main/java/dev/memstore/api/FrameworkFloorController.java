package dev.memstore.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmarks' "framework floor": a static JSON body of a requested size, served by
 * the same web server and MVC stack as the API but with none of memstore's work (no key
 * check, no database, no serialization), so a read's cost can be compared with the least
 * any endpoint in this JVM costs. Off unless
 * {@code memstore.api.framework-floor-endpoint} is set; never needed in production.
 */
@RestController
@ConditionalOnBooleanProperty("memstore.api.framework-floor-endpoint")
class FrameworkFloorController {

	private static final int LARGEST_BODY = 1024 * 1024;

	private final Map<Integer, byte[]> bodies = new ConcurrentHashMap<>();

	@GetMapping("/bench/floor")
	ResponseEntity<byte[]> floor(@RequestParam(defaultValue = "1024") int bytes) {
		int size = Math.max(16, Math.min(bytes, LARGEST_BODY));
		byte[] body = this.bodies.computeIfAbsent(size, FrameworkFloorController::staticBody);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private static byte[] staticBody(int size) {
		String padding = "x".repeat(size - "{\"data\":\"\"}".length());
		return ("{\"data\":\"" + padding + "\"}").getBytes(StandardCharsets.US_ASCII);
	}

}
