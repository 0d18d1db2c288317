package dev.lookout.dashboards;

import java.util.LinkedHashMap;
import java.util.Map;

/** A panel's editable values, checked and normalized (see {@link PanelRequest#validated}). */
record PanelDefinition(String title, long dataSourceId, String sql, Visualization visualization,
		PanelOptions options, int refreshSeconds) {

	/** The values as the audit log records them, in a stable order. */
	Map<String, Object> audited() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("title", this.title);
		values.put("dataSourceId", this.dataSourceId);
		values.put("sql", this.sql);
		values.put("visualization", this.visualization.id());
		values.put("options", this.options);
		values.put("refreshSeconds", this.refreshSeconds);
		return values;
	}

}
