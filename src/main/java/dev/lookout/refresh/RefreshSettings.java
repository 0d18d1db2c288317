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
 * @param maxLiveViews views with chosen values (not a panel's defaults) this instance keeps
 * fresh at once; a new one beyond is refused with {@code OVERLOADED}, so a crowd of distinct
 * choices cannot turn into a flood of queries
 * @param viewKeepIntervals how many of its panel's intervals a view with chosen values stays
 * after it was last watched (an open stream watches continuously, a read once)
 * @param viewKeepAtLeast the least time such a view stays after it was last watched, for panels
 * with short intervals; at least twice the 5 s in which open streams renew their watch, so a
 * watched view never lapses between two renewals
 */
@Validated
@ConfigurationProperties("lookout.refresh")
public record RefreshSettings(@DefaultValue("4") @Range(min = 1, max = 64) int concurrency,
		@DefaultValue("500ms") @NotNull @DurationMin(millis = 250) @DurationMax(seconds = 5) Duration tickInterval,
		@DefaultValue("1000") @Range(min = 0, max = 100_000) int maxLiveViews,
		@DefaultValue("3") @Range(min = 1, max = 100) int viewKeepIntervals,
		@DefaultValue("30s") @NotNull @DurationMin(seconds = 10) @DurationMax(hours = 24) Duration viewKeepAtLeast) {

	/** How long a view with chosen values of a panel refreshed every {@code interval} stays unwatched. */
	Duration viewKeep(Duration interval) {
		Duration intervals = interval.multipliedBy(this.viewKeepIntervals);
		return (intervals.compareTo(this.viewKeepAtLeast) > 0) ? intervals : this.viewKeepAtLeast;
	}

}
