package dev.lookout.dashboards;

import java.time.Duration;
import java.time.Instant;

/** A stored panel; {@code position} is its place on the dashboard, counted from 0. */
record Panel(long id, long dashboardId, int position, String title, long dataSourceId, String sql,
		Visualization visualization, PanelOptions options, int refreshSeconds, long version, Instant createdAt,
		Instant updatedAt) {

	PanelSpec spec(String dashboardSlug) {
		return new PanelSpec(this.id, this.dashboardId, dashboardSlug, this.dataSourceId, this.sql,
				Duration.ofSeconds(this.refreshSeconds), this.version);
	}

	PanelDefinition definition() {
		return new PanelDefinition(this.title, this.dataSourceId, this.sql, this.visualization, this.options,
				this.refreshSeconds);
	}

}
