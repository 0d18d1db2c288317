package dev.lookout.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.lookout.refresh.CacheUpdater;
import dev.lookout.refresh.PanelFreshness;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * How fresh each panel's cached result is: its age against its interval, and whether its last
 * refresh failed. {@code DEGRADED} when any panel is stale or late (older than two intervals):
 * viewers still get data, just not current data. Read from memory, so it costs nothing.
 */
final class CacheHealthIndicator implements HealthIndicator {

	private final CacheUpdater updater;

	private final Clock clock;

	CacheHealthIndicator(CacheUpdater updater, Clock clock) {
		this.updater = updater;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Instant now = this.clock.instant();
		Map<String, Object> panels = new LinkedHashMap<>();
		int stale = 0;
		int late = 0;
		int pending = 0;
		for (PanelFreshness panel : this.updater.freshness()) {
			Map<String, Object> shown = new LinkedHashMap<>();
			shown.put("intervalSeconds", panel.interval().toSeconds());
			Duration age = panel.age(now).orElse(null);
			boolean isLate = age != null && age.compareTo(panel.interval().multipliedBy(2)) > 0;
			if (age != null) {
				shown.put("ageSeconds", age.toMillis() / 1000.0);
			}
			else {
				pending++;
			}
			shown.put("stale", panel.stale());
			if (panel.stale()) {
				shown.put("staleReason", panel.staleReason());
				stale++;
			}
			shown.put("late", isLate);
			if (isLate) {
				late++;
			}
			panels.put(String.valueOf(panel.panelId()), shown);
		}
		return Health.status((stale > 0 || late > 0) ? InstanceStatusAggregator.DEGRADED : Status.UP)
			.withDetail("count", panels.size())
			.withDetail("stale", stale)
			.withDetail("late", late)
			.withDetail("pending", pending)
			.withDetail("panels", panels)
			.build();
	}

}
