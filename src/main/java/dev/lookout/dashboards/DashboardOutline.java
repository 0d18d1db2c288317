package dev.lookout.dashboards;

import java.util.List;

import dev.lookout.variables.Variables;

/**
 * A dashboard as another module's form offers it for choosing a panel: its slug and title, the
 * variables and time range a view of its panels is chosen by, and its panels' ids and titles in
 * their order. No SQL, no access rule.
 */
public record DashboardOutline(String slug, String title, Variables variables, List<PanelOutline> panels) {

	public DashboardOutline {
		panels = List.copyOf(panels);
	}

	public record PanelOutline(long id, String title) {

	}

}
