package dev.lookout.dashboards;

import java.util.List;

import dev.lookout.variables.TimeRange;
import dev.lookout.variables.Variable;

/**
 * A dashboard declared by the application itself (the development demo); it goes through the
 * same validation and audit as one built in the editor.
 */
public record ProvisionedDashboard(String slug, String title, String description, List<Variable> variables,
		TimeRange timeRange, List<Panel> panels) {

	/** One panel; {@code visualization} is table, line, bar or stat. */
	public record Panel(String title, long dataSourceId, String sql, String visualization, String xColumn,
			List<String> yColumns, String valueColumn, String unit, int refreshSeconds) {
	}

}
