package dev.lookout.dashboards;

import java.time.Duration;
import java.util.List;

import dev.lookout.variables.Variables;

/**
 * What the cache updater needs to refresh a panel. {@code version} changes whenever the panel
 * is edited, so a result computed for an older definition can be told apart.
 *
 * @param variables the variables and time range of the panel's dashboard
 * @param parameters the names the SQL uses ({@code :region}), each one of {@code variables}'
 * parameters; empty for a panel with fixed SQL
 * @param access who may see the panel's dashboard (and so its results): {@link AccessRules}
 */
public record PanelSpec(long id, long dashboardId, String dashboardSlug, long dataSourceId, String sql,
		Duration refreshInterval, long version, Variables variables, List<String> parameters, Sharing access) {

	public PanelSpec {
		parameters = List.copyOf(parameters);
		access = (access != null) ? access : Sharing.ROLES;
	}

	/** Whether the current user (or anonymous reader) may see this panel and its results. */
	public boolean visible() {
		return AccessRules.canView(this.access);
	}

	/** Whether the current user may change this panel's dashboard (the role rule aside, which the chain applies). */
	public boolean editable() {
		return AccessRules.canEdit(this.access);
	}

}
