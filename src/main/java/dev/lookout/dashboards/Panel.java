package dev.lookout.dashboards;

import java.time.Duration;
import java.time.Instant;

import java.util.List;

import dev.lookout.datasource.SqlParameters;
import dev.lookout.web.ApiException;

/** A stored panel; {@code position} is its place on the dashboard, counted from 0. */
record Panel(long id, long dashboardId, int position, String title, long dataSourceId, String sql,
		Visualization visualization, PanelOptions options, int refreshSeconds, long version, Instant createdAt,
		Instant updatedAt) {

	/** What the cache updater needs, with the variables of {@code dashboard} the SQL names. */
	PanelSpec spec(Dashboard dashboard) {
		return new PanelSpec(this.id, this.dashboardId, dashboard.slug(), this.dataSourceId, this.sql,
				Duration.ofSeconds(this.refreshSeconds), this.version, dashboard.parameters(), parameters(),
				dashboard.access());
	}

	/**
	 * The names its SQL uses; none for SQL that is no single query (stored before the rule, or
	 * by a provisioning file): its refresh reports that, and the definitions still load.
	 */
	private List<String> parameters() {
		try {
			return SqlParameters.namesIn(this.sql);
		}
		catch (ApiException ex) {
			return List.of();
		}
	}

	PanelDefinition definition() {
		return new PanelDefinition(this.title, this.dataSourceId, this.sql, this.visualization, this.options,
				this.refreshSeconds);
	}

}
