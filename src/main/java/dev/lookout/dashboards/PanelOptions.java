package dev.lookout.dashboards;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.lookout.web.MaxCharacters;
import jakarta.validation.constraints.NotBlank;

/**
 * What a visualization needs besides the rows: the x column and the y columns of a line or
 * bar chart, the value column of a stat, and the unit of a chart's axis or a stat's number.
 * Stored as a JSON document, so settings can be added without a migration.
 */
record PanelOptions(@MaxCharacters(COLUMN_LENGTH) String xColumn,
		List<@NotBlank(message = "is blank") @MaxCharacters(COLUMN_LENGTH) String> yColumns,
		@MaxCharacters(COLUMN_LENGTH) String valueColumn, @MaxCharacters(UNIT_LENGTH) String unit) {

	static final PanelOptions NONE = new PanelOptions(null, List.of(), null, null);

	static final int COLUMN_LENGTH = 200;

	static final int UNIT_LENGTH = 32;

	/** Without surrounding white space; a blank single column is none, a blank y column stays to be refused. */
	PanelOptions {
		xColumn = blankToNull(xColumn);
		List<String> stripped = new ArrayList<>();
		if (yColumns != null) {
			yColumns.forEach((yColumn) -> stripped.add(DashboardRequest.strip(yColumn)));
		}
		yColumns = Collections.unmodifiableList(stripped);
		valueColumn = blankToNull(valueColumn);
		unit = blankToNull(unit);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
