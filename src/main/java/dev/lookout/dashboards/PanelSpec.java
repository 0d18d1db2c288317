package dev.lookout.dashboards;

import java.time.Duration;

/**
 * What the cache updater needs to refresh a panel. {@code version} changes whenever the panel
 * is edited, so a result computed for an older definition can be told apart.
 */
public record PanelSpec(long id, long dashboardId, String dashboardSlug, long dataSourceId, String sql,
		Duration refreshInterval, long version) {
}
