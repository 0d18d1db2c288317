package dev.lookout.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lookout.datasource.QueryResult;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON document of {@code GET /api/panels/{id}/result} (one view's) in its states: a good result, a good
 * result marked stale after a failed refresh, and pending (no good result yet, with the error
 * of the failed first refresh if there was one). Written once per refresh; read back only when
 * a failure marks a stored result stale.
 */
final class ResultDocuments {

	static final String OK = "ok";

	static final String PENDING = "pending";

	/**
	 * Our own mapper rather than the application's: documents outlive the process in Redis, so
	 * their form must not follow unrelated Jackson settings. Decimals read back exactly.
	 */
	private final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	/**
	 * @param parameters the values the query was run with, relative times resolved: what the
	 * data is of, for the viewer to read
	 */
	StoredResult ok(ViewKey view, QueryResult result, Instant asOf, long version, Map<String, List<Object>> parameters) {
		List<Column> columns = result.columns()
			.stream()
			.map((column) -> new Column(column.name(), column.kind(), column.sqlType()))
			.toList();
		return stored(new Document(view.panelId(), view.toString(), OK, asOf, result.duration().toMillis(),
				result.rows().size(), result.truncated(), result.rowLimit(), columns, result.rows(), false, null, null,
				version, parameters));
	}

	/** The previous good result, data untouched, marked stale with the error; else pending with the error. */
	StoredResult failed(ViewKey view, Optional<StoredResult> previous, LastError error, long version) {
		Document last = previous.filter((stored) -> !stored.pending())
			.map((stored) -> this.json.readValue(stored.body(), Document.class))
			.orElseGet(() -> Document.pending(view));
		return stored(last.failed(error, version));
	}

	/** What a viewer gets for a view never refreshed: version 0, not stored. */
	StoredResult pending(ViewKey view) {
		return stored(Document.pending(view));
	}

	private StoredResult stored(Document document) {
		return new StoredResult(ViewKey.parse(document.view()), document.resultVersion(), document.asOf(), document.stale(),
				document.staleReason(), this.json.writeValueAsBytes(document));
	}

	/** Why the last refresh failed: an error code of {@code docs/errors.md}, its safe message, and when. */
	@JsonPropertyOrder({ "code", "message", "at" })
	record LastError(String code, String message, Instant at) {

	}

	@JsonPropertyOrder({ "name", "kind", "sqlType" })
	record Column(String name, String kind, String sqlType) {

	}

	/**
	 * The document; {@code view} is the view's key ({@code 7}, or {@code 7~…} with chosen values),
	 * {@code parameters} the values its data is of (empty while pending).
	 */
	@JsonPropertyOrder({ "panelId", "view", "status", "asOf", "durationMs", "rowCount", "truncated", "rowLimit",
			"columns", "rows", "stale", "staleReason", "lastError", "resultVersion", "parameters" })
	@Schema(name = "PanelResult")
	record Document(long panelId, String view, String status, Instant asOf, Long durationMs, Integer rowCount,
			Boolean truncated, Integer rowLimit, List<Column> columns, List<List<Object>> rows, boolean stale,
			String staleReason, LastError lastError, long resultVersion, Map<String, List<Object>> parameters) {

		static Document pending(ViewKey view) {
			return new Document(view.panelId(), view.toString(), PENDING, null, null, null, null, null, List.of(),
					List.of(), false, null, null, 0, Map.of());
		}

		Document failed(LastError error, long version) {
			return new Document(this.panelId, this.view, this.status, this.asOf, this.durationMs, this.rowCount,
					this.truncated, this.rowLimit, this.columns, this.rows, true, error.code(), error, version,
					this.parameters);
		}

	}

}
