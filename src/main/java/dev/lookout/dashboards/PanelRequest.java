package dev.lookout.dashboards;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * A panel as a client sends it, not yet checked. {@code visualization} and the numbers stay
 * loose here so that a wrong value gets a message naming its field rather than a parse error;
 * {@code version} is the version the client loaded, required to update.
 */
record PanelRequest(String title, Long dataSourceId, String sql, String visualization, PanelOptions options,
		Integer refreshSeconds, Long version) {

	/** The cache updater's floor: more often would load the data source for little gain. */
	static final int MIN_REFRESH_SECONDS = 5;

	static final int MAX_REFRESH_SECONDS = 86_400;

	/** Queries are typed by people; this bounds what one request can store. */
	private static final int SQL_LENGTH = 100_000;

	private static final int COLUMN_LENGTH = 200;

	private static final int UNIT_LENGTH = 32;

	private static final String VISUALIZATIONS = Arrays.stream(Visualization.values())
		.map(Visualization::id)
		.collect(Collectors.joining(", "));

	/** The checked, normalized definition; throws {@link InvalidInput} naming every bad field. */
	PanelDefinition validated(LongPredicate dataSourceExists, FieldErrors errors) {
		String title = errors.text("title", this.title, true, FieldErrors.TITLE_LENGTH);
		if (this.dataSourceId == null) {
			errors.reject("dataSourceId", "is required");
		}
		else if (!dataSourceExists.test(this.dataSourceId)) {
			errors.reject("dataSourceId", "names no data source: there is none with id " + this.dataSourceId);
		}
		String sql = errors.text("sql", this.sql, true, SQL_LENGTH);
		Visualization visualization = Visualization.of(this.visualization).orElse(null);
		if (visualization == null) {
			errors.reject("visualization", "must be one of " + VISUALIZATIONS);
		}
		if (this.refreshSeconds == null) {
			errors.reject("refreshSeconds", "is required");
		}
		else if (this.refreshSeconds < MIN_REFRESH_SECONDS || this.refreshSeconds > MAX_REFRESH_SECONDS) {
			errors.reject("refreshSeconds", "must be from " + MIN_REFRESH_SECONDS + " to " + MAX_REFRESH_SECONDS
					+ " seconds (a day), was " + this.refreshSeconds);
		}
		PanelOptions options = validatedOptions(visualization, errors);
		errors.throwIfAny();
		return new PanelDefinition(title, this.dataSourceId, sql, visualization, options, this.refreshSeconds);
	}

	private PanelOptions validatedOptions(Visualization visualization, FieldErrors errors) {
		PanelOptions given = (this.options != null) ? this.options : PanelOptions.NONE;
		boolean chart = visualization != null && visualization.isChart();
		String xColumn = column("options.xColumn", given.xColumn(), errors);
		if (chart && xColumn == null) {
			errors.reject("options.xColumn", "is required for a " + visualization.id() + " chart");
		}
		List<String> yColumns = new ArrayList<>();
		for (int i = 0; i < given.yColumns().size(); i++) {
			String yColumn = column("options.yColumns[" + i + "]", given.yColumns().get(i), errors);
			if (yColumn == null) {
				errors.reject("options.yColumns[" + i + "]", "is blank");
			}
			yColumns.add(yColumn);
		}
		if (chart && yColumns.isEmpty()) {
			errors.reject("options.yColumns", "needs at least one column for a " + visualization.id() + " chart");
		}
		String valueColumn = column("options.valueColumn", given.valueColumn(), errors);
		if (visualization == Visualization.STAT && valueColumn == null) {
			errors.reject("options.valueColumn", "is required for a stat");
		}
		String unit = emptyToNull(errors.text("options.unit", given.unit(), false, UNIT_LENGTH));
		return new PanelOptions(xColumn, Collections.unmodifiableList(yColumns), valueColumn, unit);
	}

	private static String column(String field, String name, FieldErrors errors) {
		return emptyToNull(errors.text(field, name, false, COLUMN_LENGTH));
	}

	private static String emptyToNull(String value) {
		return value.isEmpty() ? null : value;
	}

}
