package dev.lookout.refresh;

import java.time.Instant;
import java.util.List;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.variables.Variable;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/dashboards/{slug}/variables/{name}/options}: what a list variable offers, for
 * the page's variable bar and for scripts: its fixed options, or those its query last read
 * (empty with {@code asOf: null} until the query succeeded once). Read like the dashboard.
 */
@RestController
class VariableOptionsApi {

	private final CacheUpdater updater;

	private final VariableOptions options;

	private final ViewChoices choices;

	VariableOptionsApi(CacheUpdater updater, VariableOptions options, ViewChoices choices) {
		this.updater = updater;
		this.options = options;
		this.choices = choices;
	}

	@GetMapping("/api/dashboards/{slug}/variables/{name}/options")
	Options options(@PathVariable String slug, @PathVariable String name) {
		PanelSpec spec = this.updater.anyPanelOf(slug)
			.filter(PanelSpec::visible)
			.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "There is no dashboard '" + slug + "' with panels."));
		Variable variable = spec.variables()
			.variable(name)
			.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
					"Dashboard '" + slug + "' has no variable '" + name + "'."));
		boolean queried = variable.optionsQuery() != null;
		return new Options(name, this.choices.offered(spec, variable), queried,
				queried ? this.options.asOf(spec.dashboardId(), name).orElse(null) : null, variable.allowOther());
	}

	/**
	 * @param queried whether the options come from a query
	 * @param asOf when the query read them; {@code null} for fixed options, and until it succeeded
	 * @param allowOther whether other values than these are accepted
	 */
	record Options(String name, List<String> options, boolean queried, Instant asOf, boolean allowOther) {
	}

}
