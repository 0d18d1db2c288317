package dev.lookout.datasource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Runs an editor's SQL once, as a preview: through the request path, never the cache. */
@RestController
class QueryPreviewApi {

	private final Queries queries;

	QueryPreviewApi(Queries queries) {
		this.queries = queries;
	}

	@PostMapping("/api/query")
	PreviewResult preview(@RequestBody PreviewRequest request) {
		if (request.dataSourceId() == null) {
			throw invalid("dataSourceId is required");
		}
		QueryResult result = this.queries.run(request.dataSourceId(), request.sql(), values(request.parameters()),
				QueryPurpose.PREVIEW);
		return new PreviewResult(result.columns(), result.rows(), result.truncated(), result.rowLimit(),
				result.duration().toMillis());
	}

	/**
	 * Each name's values as JSON gives them: strings stay strings (one that reads as an instant too:
	 * the dashboards' preview knows its variables' types), whole numbers become Long, others BigDecimal.
	 */
	private static Map<String, List<Object>> values(Map<String, JsonNode> parameters) {
		Map<String, List<Object>> values = new LinkedHashMap<>();
		if (parameters == null) {
			return values;
		}
		parameters.forEach((name, given) -> {
			if (given == null || !given.isArray()) {
				throw invalid("parameters." + name + " must be an array of values, but is "
						+ ((given == null) ? "null" : given.getNodeType().name().toLowerCase(Locale.ROOT)));
			}
			List<Object> converted = new ArrayList<>(given.size());
			for (int i = 0; i < given.size(); i++) {
				converted.add(value("parameters." + name + "[" + i + "]", given.get(i)));
			}
			values.put(name, converted);
		});
		return values;
	}

	private static Object value(String field, JsonNode node) {
		if (node.isString()) {
			return node.asString();
		}
		if (node.isIntegralNumber() && node.canConvertToLong()) {
			return node.longValue();
		}
		if (node.isNumber()) {
			return node.decimalValue();
		}
		throw invalid(field + " must be a string or a number, but is "
				+ node.getNodeType().name().toLowerCase(Locale.ROOT));
	}

	private static ApiException invalid(String detail) {
		return new ApiException(ErrorCode.VALIDATION_FAILED, detail);
	}

	/** {@code parameters} is optional: each name an array of strings and numbers. */
	record PreviewRequest(Long dataSourceId, String sql, Map<String, JsonNode> parameters) {
	}

	record PreviewResult(List<QueryColumn> columns, List<List<Object>> rows, boolean truncated, int rowLimit,
			long durationMs) {
	}

}
