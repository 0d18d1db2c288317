package dev.lookout.dashboards;

import java.time.Instant;
import java.util.List;

/**
 * A stored dashboard with its panels in order. {@code version} counts changes to the
 * dashboard's own values and to the order of its panels; each panel has a version of its own.
 * {@code updatedAt} and {@code updatedBy} name the last change to the dashboard or any panel.
 */
record Dashboard(long id, String slug, String title, String description, long version, Instant createdAt,
		Instant updatedAt, String updatedBy, List<Panel> panels) {

	Dashboard {
		panels = List.copyOf(panels);
	}

	Dashboard withPanels(List<Panel> panels) {
		return new Dashboard(this.id, this.slug, this.title, this.description, this.version, this.createdAt,
				this.updatedAt, this.updatedBy, panels);
	}

	DashboardSummary summary() {
		return new DashboardSummary(this.id, this.slug, this.title, this.description, this.panels.size(),
				this.version, this.updatedAt, this.updatedBy);
	}

	DashboardDefinition definition() {
		return new DashboardDefinition(this.slug, this.title, this.description);
	}

}
