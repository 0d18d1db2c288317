package dev.lookout.dashboards;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.datasource.DataSourceSummary;

/**
 * All the definitions at one version, as the application database had them at {@code readAt}:
 * the dashboards with their panels, and the data sources by name (never a URL or a secret).
 * Immutable, so a reader holding one sees a consistent whole while the next replaces it. Its
 * {@link Stored} form is what goes to Redis, so that an instance can start while the database is down.
 */
final class DefinitionsSnapshot {

	private final Stored stored;

	private final Map<String, Dashboard> bySlug = new LinkedHashMap<>();

	private final Map<Long, PanelSpec> panels = new LinkedHashMap<>();

	DefinitionsSnapshot(long version, Instant readAt, List<Dashboard> dashboards, List<DataSourceSummary> dataSources) {
		this(new Stored(version, readAt, dashboards, dataSources));
	}

	DefinitionsSnapshot(Stored stored) {
		this.stored = stored;
		for (Dashboard dashboard : stored.dashboards()) {
			this.bySlug.put(dashboard.slug(), dashboard);
			dashboard.panels().forEach((panel) -> this.panels.put(panel.id(), panel.spec(dashboard)));
		}
	}

	long version() {
		return this.stored.version();
	}

	/** When the application database last had exactly these definitions. */
	Instant readAt() {
		return this.stored.readAt();
	}

	Stored stored() {
		return this.stored;
	}

	Optional<Dashboard> dashboard(String slug) {
		return Optional.ofNullable(this.bySlug.get(slug));
	}

	List<DashboardSummary> summaries() {
		return this.stored.dashboards().stream().map(Dashboard::summary).toList();
	}

	/** The summaries of the dashboards the current user may see. */
	List<DashboardSummary> visibleSummaries() {
		return this.stored.dashboards()
			.stream()
			.filter((dashboard) -> AccessRules.canView(dashboard.access()))
			.map(Dashboard::summary)
			.toList();
	}

	/** The dashboards the current user may change, in the list's order. */
	List<Dashboard> editableDashboards() {
		return this.stored.dashboards().stream().filter((dashboard) -> AccessRules.canEdit(dashboard.access())).toList();
	}

	/** Whether any dashboard is shared with named groups only: then lists differ from user to user. */
	boolean anyRestricted() {
		return this.stored.dashboards().stream().anyMatch((dashboard) -> !dashboard.access().view().isEmpty());
	}

	List<DataSourceSummary> dataSources() {
		return this.stored.dataSources();
	}

	Optional<PanelSpec> panel(long id) {
		return Optional.ofNullable(this.panels.get(id));
	}

	List<PanelSpec> panels() {
		return List.copyOf(this.panels.values());
	}

	/** The snapshot as JSON stores it. */
	record Stored(long version, Instant readAt, List<Dashboard> dashboards, List<DataSourceSummary> dataSources) {

		Stored {
			dashboards = List.copyOf(dashboards);
			dataSources = List.copyOf(dataSources);
		}

	}

}
