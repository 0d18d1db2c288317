package dev.lookout.datasource;

import java.util.List;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

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
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "dataSourceId is required");
		}
		QueryResult result = this.queries.run(request.dataSourceId(), request.sql(), QueryPurpose.PREVIEW);
		return new PreviewResult(result.columns(), result.rows(), result.truncated(), result.rowLimit(),
				result.duration().toMillis());
	}

	record PreviewRequest(Long dataSourceId, String sql) {
	}

	record PreviewResult(List<QueryColumn> columns, List<List<Object>> rows, boolean truncated, int rowLimit,
			long durationMs) {
	}

}
