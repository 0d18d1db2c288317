package dev.lookout.dashboards;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.datasource.Queries;
import dev.lookout.datasource.QueryColumn;
import dev.lookout.datasource.QueryPurpose;
import dev.lookout.datasource.QueryResult;
import dev.lookout.variables.ChosenValues;
import dev.lookout.variables.Variable;
import dev.lookout.variables.VariableSettings;
import dev.lookout.variables.Variables;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/dashboards/{slug}/preview}: runs an editor's panel SQL once with values chosen
 * for the dashboard's variables (their defaults for those not given), checked and bound as the
 * refresh binds them, relative times resolved now. An editor may try any value of a list whose
 * options come from a query: the options a viewer is held to are not needed to write a panel.
 */
@RestController
class PanelPreviewApi {

	private final DashboardService service;

	private final Queries queries;

	private final Clock clock;

	private final ZoneId zone;

	PanelPreviewApi(DashboardService service, Queries queries, Clock clock, VariableSettings variables) {
		this.service = service;
		this.queries = queries;
		this.clock = clock;
		this.zone = variables.timeZone();
	}

	@PostMapping("/api/dashboards/{slug}/preview")
	Preview preview(@PathVariable String slug, @RequestBody PreviewRequest request) {
		if (request.dataSourceId() == null) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "dataSourceId is required");
		}
		Dashboard dashboard = this.service.getForEdit(slug);
		Variables variables = new Variables(dashboard.variables().stream().map(PanelPreviewApi::anyQueriedValue).toList(),
				dashboard.timeRange());
		Optional<String> unknown = PanelRequest.unknownParameters(request.sql(), variables);
		if (unknown.isPresent()) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "sql names " + unknown.get()
					+ ", which dashboard '" + slug + "' does not have");
		}
		ChosenValues chosen = ChosenValues.of(variables, (request.values() != null) ? request.values() : Map.of(),
				(name) -> Optional.empty(), this.clock, this.zone);
		Instant now = this.clock.instant();
		Map<String, List<Object>> bound = chosen.bound(variables.parameterNames(), now, this.zone);
		QueryResult result = this.queries.run(request.dataSourceId(), request.sql(), bound, QueryPurpose.PREVIEW);
		return new Preview(result.columns(), result.rows(), result.truncated(), result.rowLimit(),
				result.duration().toMillis(), bound);
	}

	private static Variable anyQueriedValue(Variable variable) {
		if (variable.optionsQuery() == null) {
			return variable;
		}
		return new Variable(variable.name(), variable.label(), variable.type(), variable.multi(), variable.valueType(),
				variable.options(), variable.optionsQuery(), true, variable.defaults());
	}

	/** The SQL to try, its source, and the values chosen by name ({@code {"region": ["EU"], "from": ["now-6h"]}}). */
	record PreviewRequest(Long dataSourceId, String sql, Map<String, List<String>> values) {
	}

	/** The rows, and the values they were read with, relative times resolved. */
	record Preview(List<QueryColumn> columns, List<List<Object>> rows, boolean truncated, int rowLimit, long durationMs,
			Map<String, List<Object>> parameters) {
	}

}
