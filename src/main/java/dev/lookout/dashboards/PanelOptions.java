package dev.lookout.dashboards;

import java.util.List;

/**
 * What a visualization needs besides the rows: the x column and the y columns of a line or
 * bar chart, the value column of a stat, and the unit of a chart's axis or a stat's number.
 * Stored as a JSON document, so settings can be added without a migration.
 */
record PanelOptions(String xColumn, List<String> yColumns, String valueColumn, String unit) {

	static final PanelOptions NONE = new PanelOptions(null, List.of(), null, null);

	PanelOptions {
		yColumns = (yColumns != null) ? yColumns : List.of();
	}

}
