package dev.memstore.api;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("fast")
class FrameworkFloorControllerTest {

	@Test
	void servesValidJsonOfExactlyTheRequestedSize() {
		FrameworkFloorController floor = new FrameworkFloorController();
		for (int size : new int[] { 100, 1393, 5000 }) {
			ResponseEntity<byte[]> response = floor.floor(size);
			assertThat(response.getBody()).hasSize(size);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
			assertThat(JsonMapper.builder().build().readTree(response.getBody()).path("data").asString())
				.hasSize(size - "{\"data\":\"\"}".length());
		}
	}

}
