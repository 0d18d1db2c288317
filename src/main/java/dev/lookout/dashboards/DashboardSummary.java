package dev.lookout.dashboards;

import java.time.Instant;

/** A line of the dashboards list. */
record DashboardSummary(long id, String slug, String title, String description, int panelCount, long version,
		Instant updatedAt, String updatedBy) {
}
