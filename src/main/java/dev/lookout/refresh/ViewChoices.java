package dev.lookout.refresh;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.variables.ChosenValues;
import dev.lookout.variables.Variable;
import dev.lookout.variables.InvalidValues;

/**
 * Turns the values a viewer chose (request parameters: {@code ?region=EU&from=now-6h}) into
 * checked values and the view of each panel, the same way for result reads and event streams:
 * the dashboard's variables decide what is allowed, lists with queried options are checked
 * against the options last read ({@link VariableOptions}).
 */
final class ViewChoices {

	private final VariableOptions options;

	private final Clock clock;

	private final ZoneId zone;

	ViewChoices(VariableOptions options, Clock clock, ZoneId zone) {
		this.options = options;
		this.clock = clock;
		this.zone = zone;
	}

	/**
	 * The values chosen for the dashboard of {@code spec}, defaults filled in.
	 * @throws InvalidValues naming every bad parameter
	 */
	ChosenValues choose(PanelSpec spec, Map<String, List<String>> parameters) {
		return ChosenValues.of(spec.variables(), parameters, (name) -> this.options.of(spec.dashboardId(), name),
				this.clock, this.zone);
	}

	/**
	 * What list {@code variable} of the dashboard of {@code spec} offers now: its fixed options, or
	 * those its query last read (none until the query succeeded once).
	 */
	List<String> offered(PanelSpec spec, Variable variable) {
		return (variable.optionsQuery() == null) ? variable.options()
				: this.options.of(spec.dashboardId(), variable.name()).orElse(List.of());
	}

}
