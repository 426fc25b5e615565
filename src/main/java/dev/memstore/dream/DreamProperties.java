package dev.memstore.dream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of dreams, under {@code memstore.dreams}.
 *
 * @param pollInterval how often each instance looks for pending dreams that nobody has
 * begun (a dream created on this instance begins at once)
 * @param transcriptChars the most characters of input-session transcripts a dream on
 * Claude is given; the oldest messages are left out first
 * @param messagesPerSession the most recent messages read from each input session
 */
@ConfigurationProperties("memstore.dreams")
public record DreamProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("200000") int transcriptChars,
		@DefaultValue("1000") int messagesPerSession) {

}
