package dev.memstore.kernel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("fast")
class RecurringFailureLogTest {

	private final Logger logger = (Logger) LoggerFactory.getLogger(RecurringFailureLogTest.class);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final AtomicLong clock = new AtomicLong();

	private final RecurringFailureLog log = new RecurringFailureLog(this.logger, "Claiming turn work", this.clock::get);

	@BeforeEach
	void capture() {
		this.logger.setLevel(Level.INFO);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
	}

	@Test
	void aRunOfFailuresIsOneWarningAndOneLineWhenItWorksAgain() {
		for (int i = 0; i < 50; i++) {
			this.log.failed(new IllegalStateException("outer", new java.net.ConnectException("Connection refused")));
			this.clock.addAndGet(Duration.ofMillis(500).toNanos());
		}
		this.log.succeeded();
		this.log.succeeded();

		assertThat(lines()).containsExactly("WARN Claiming turn work failed: outer (Connection refused)",
				"INFO Claiming turn work works again after 50 failures in 25 s");
	}

	@Test
	void aLongRunIsRemindedOfOnceAMinute() {
		this.log.failed(new IllegalStateException("down"));
		this.clock.addAndGet(Duration.ofSeconds(59).toNanos());
		this.log.failed(new IllegalStateException("down"));
		this.clock.addAndGet(Duration.ofSeconds(1).toNanos());
		this.log.failed(new IllegalStateException("still down"));
		this.log.failed(new IllegalStateException("still down"));

		assertThat(lines()).containsExactly("WARN Claiming turn work failed: down",
				"WARN Claiming turn work still fails (3 failures in 60 s): still down");
	}

	@Test
	void successesWithoutFailuresLogNothingAndANewRunWarnsAgain() {
		this.log.succeeded();
		this.log.failed(new IllegalStateException("first"));
		this.log.succeeded();
		this.log.failed(new IllegalStateException("second"));

		assertThat(lines()).containsExactly("WARN Claiming turn work failed: first",
				"INFO Claiming turn work works again after 1 failures in 0 s",
				"WARN Claiming turn work failed: second");
	}

	private List<String> lines() {
		return this.appender.list.stream()
			.map((event) -> event.getLevel() + " " + event.getFormattedMessage())
			.toList();
	}

}
