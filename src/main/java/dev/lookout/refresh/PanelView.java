package dev.lookout.refresh;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.variables.ChosenValues;

/**
 * A panel with the values of the parameters its SQL uses: what one refresh runs. Relative times
 * stay as written ({@code now-6h}); each refresh resolves them, so the range slides.
 *
 * @param values the canonical values by parameter name, only those the SQL uses
 */
record PanelView(PanelSpec spec, ViewKey key, SortedMap<String, List<String>> values) {

	PanelView {
		values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
	}

	/** The panel with {@code chosen} values; its default view when they are its defaults. */
	static PanelView of(PanelSpec spec, ChosenValues chosen) {
		SortedMap<String, List<String>> values = chosen.restrictedTo(spec.parameters());
		String viewId = chosen.isDefault(spec.parameters()) ? "" : ChosenValues.viewId(values);
		return new PanelView(spec, new ViewKey(spec.id(), viewId), values);
	}

	/** The panel's default view: every parameter it uses at the dashboard's default. */
	static PanelView defaultOf(PanelSpec spec) {
		Map<String, List<String>> defaults = ChosenValues.defaults(spec.variables());
		SortedMap<String, List<String>> values = new TreeMap<>();
		spec.parameters().forEach((name) -> values.put(name, defaults.get(name)));
		return new PanelView(spec, ViewKey.of(spec.id()), values);
	}

	long panelId() {
		return this.spec.id();
	}

	/**
	 * Whether a result of {@code other} is one of this view: the same data source, SQL and values,
	 * and the variables it uses defined alike (a number bound as text would match other rows).
	 */
	boolean sameQuery(PanelView other) {
		return this.spec.dataSourceId() == other.spec.dataSourceId() && this.spec.sql().equals(other.spec.sql())
				&& this.values.equals(other.values) && this.spec.parameters().equals(other.spec.parameters())
				&& this.spec.parameters()
					.stream()
					.allMatch((name) -> Objects.equals(this.spec.variables().variable(name),
							other.spec.variables().variable(name)));
	}

}
