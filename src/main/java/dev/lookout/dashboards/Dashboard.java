package dev.lookout.dashboards;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.lookout.variables.TimeRange;
import dev.lookout.variables.Variable;
import dev.lookout.variables.Variables;

/**
 * A stored dashboard with its variables, its time range ({@code null} when it has none), who it is
 * shared with ({@code access}) and its panels in order. {@code version} counts changes to the
 * dashboard's own values and to the order of its panels; each panel has a version of its own.
 * {@code updatedAt} and {@code updatedBy} name the last change to the dashboard or any panel.
 * {@code provisionedFrom} names the file of the provisioning directory it comes from ({@code null}
 * when it was made here): such a dashboard changes in its file, never in the editor or the API.
 */
record Dashboard(long id, String slug, String title, String description, List<Variable> variables,
		TimeRange timeRange, Sharing access, long version, Instant createdAt, Instant updatedAt, String updatedBy,
		String provisionedFrom, List<Panel> panels) {

	Dashboard {
		variables = (variables != null) ? List.copyOf(variables) : List.of();
		access = (access != null) ? access : Sharing.ROLES;
		panels = List.copyOf(panels);
	}

	Dashboard withPanels(List<Panel> panels) {
		return new Dashboard(this.id, this.slug, this.title, this.description, this.variables, this.timeRange,
				this.access, this.version, this.createdAt, this.updatedAt, this.updatedBy, this.provisionedFrom, panels);
	}

	/** The parameters its panels' SQL may name. */
	@JsonIgnore
	Variables parameters() {
		return new Variables(this.variables, this.timeRange);
	}

	/** Whether it comes from a file of the provisioning directory. */
	@JsonIgnore
	boolean provisioned() {
		return this.provisionedFrom != null;
	}

	DashboardSummary summary() {
		return new DashboardSummary(this.id, this.slug, this.title, this.description, this.panels.size(),
				this.version, this.updatedAt, this.updatedBy);
	}

	DashboardDefinition definition() {
		return new DashboardDefinition(this.slug, this.title, this.description, this.variables, this.timeRange,
				this.access);
	}

}
