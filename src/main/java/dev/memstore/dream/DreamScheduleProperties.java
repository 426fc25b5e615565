package dev.memstore.dream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of dream schedules, under {@code memstore.dreams.schedules}.
 *
 * @param pollInterval the longest each instance waits before it looks again for due
 * schedules. An instance wakes when the next schedule it knows of is due, and at once
 * when a schedule is created or changed on it; the interval bounds how late it notices
 * one created or changed on another instance.
 */
@ConfigurationProperties("memstore.dreams.schedules")
public record DreamScheduleProperties(@DefaultValue("1m") Duration pollInterval) {

}
