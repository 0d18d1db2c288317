package dev.lookout.refresh;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the cache updater.
 *
 * @param concurrency panel queries the updater runs at once, over all data sources; each
 * source's own limit applies within it
 * @param tickInterval how often the updater looks for due panels, so how late past its interval
 * a panel may start
 */
@Validated
@ConfigurationProperties("lookout.refresh")
public record RefreshSettings(@DefaultValue("4") @Range(min = 1, max = 64) int concurrency,
		@DefaultValue("500ms") @NotNull @DurationMin(millis = 250) @DurationMax(seconds = 5) Duration tickInterval) {

}
