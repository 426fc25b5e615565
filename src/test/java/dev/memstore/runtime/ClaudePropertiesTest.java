package dev.memstore.runtime;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Claude settings never show the key, wherever they are printed.
 */
@Tag("fast")
class ClaudePropertiesTest {

	@Test
	void theKeyIsNeverPrinted() {
		ClaudeProperties properties = new ClaudeProperties("sk-ant-api03-secret", "https://api.anthropic.com",
				Duration.ofSeconds(10), Duration.ofSeconds(300), 25, 8192, 150_000, 30_000, 4, Duration.ofSeconds(2),
				Duration.ofSeconds(60));

		assertThat(properties.toString()).doesNotContain("sk-ant", "secret").contains("apiKey=(set)");
		assertThat(properties.configured()).isTrue();
	}

	@Test
	void aBlankKeyIsNoKey() {
		ClaudeProperties properties = new ClaudeProperties(" ", "https://api.anthropic.com", Duration.ofSeconds(10),
				Duration.ofSeconds(300), 25, 8192, 150_000, 30_000, 4, Duration.ofSeconds(2), Duration.ofSeconds(60));

		assertThat(properties.configured()).isFalse();
		assertThat(properties.toString()).contains("apiKey=(none)");
	}

}
