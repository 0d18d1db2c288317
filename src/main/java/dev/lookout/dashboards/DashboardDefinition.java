package dev.lookout.dashboards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lookout.variables.TimeRange;
import dev.lookout.variables.Variable;

/** A dashboard's editable values, checked and normalized (see {@link DashboardRequest}). */
record DashboardDefinition(String slug, String title, String description, List<Variable> variables,
		TimeRange timeRange, Sharing access) {

	/** The values as the audit log records them, in a stable order. */
	Map<String, Object> audited() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("slug", this.slug);
		values.put("title", this.title);
		values.put("description", this.description);
		values.put("variables", this.variables);
		values.put("timeRange", this.timeRange);
		values.put("access", this.access);
		return values;
	}

}
