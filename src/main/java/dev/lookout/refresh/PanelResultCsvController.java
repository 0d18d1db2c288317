package dev.lookout.refresh;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers {@code GET /api/panels/{id}/result.csv}: the CSV export of the stored result of the
 * view the request's parameters choose, read through {@link ResultReads#find} (the one read path:
 * same views, same checks, same failures as the JSON read) and written from the stored document by
 * {@link ResultCsv}, never by a new query. The state of the data is in headers:
 * {@code Lookout-Stale}, {@code Lookout-Stale-Reason}, {@code Lookout-As-Of},
 * {@code Lookout-Truncated}. Its ETag is the JSON's with {@code -csv}, so a client with the
 * current export gets 304. A view with no result yet is 503 {@code SERVICE_UNAVAILABLE} with
 * {@code Retry-After}: there is nothing to export, and the read has asked for a refresh. Reached
 * through the application's filter chain only (the anonymous valve answers the JSON read alone).
 */
@RestController
class PanelResultCsvController {

	static final String PATH_PATTERN = ResultReads.PATH_PATTERN + ".csv";

	/** RFC 7111: the first record names the columns. */
	static final String CSV = "text/csv; charset=utf-8; header=present";

	private static final Duration PENDING_RETRY = Duration.ofSeconds(2);

	/** The export's time in the file name: UTC, digits only, so the name carries no user text. */
	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private final ResultReads reads;

	private final ResultCsv csv;

	PanelResultCsvController(ResultReads reads) {
		this.reads = reads;
		this.csv = new ResultCsv();
	}

	@GetMapping(PATH_PATTERN)
	void export(@PathVariable long id, HttpServletRequest request, HttpServletResponse response) throws IOException {
		StoredResult stored = this.reads.find(id, request);
		if (stored == null) {
			response.sendError(((Failure) request.getAttribute(Failure.ATTRIBUTE)).status());
			return;
		}
		if (stored.pending()) {
			Failure pending = Failure.of(ErrorCode.SERVICE_UNAVAILABLE, "The panel has no result yet; retry shortly.")
				.withRetryAfter(PENDING_RETRY);
			request.setAttribute(Failure.ATTRIBUTE, pending);
			response.sendError(pending.status());
			return;
		}
		String etag = etag(stored);
		response.setHeader("ETag", etag);
		response.setHeader("Cache-Control", "no-cache");
		if (ResultReads.matches(request.getHeader("If-None-Match"), etag)) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		ResultCsv.Export export = this.csv.export(stored);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(CSV);
		response.setHeader("Content-Disposition",
				"attachment; filename=\"" + stored.view().panelId() + "-" + FILE_TIME.format(stored.asOf()) + ".csv\"");
		response.setHeader("Lookout-Stale", Boolean.toString(stored.stale()));
		if (stored.stale() && stored.staleReason() != null) {
			response.setHeader("Lookout-Stale-Reason", stored.staleReason());
		}
		response.setHeader("Lookout-As-Of", stored.asOf().toString());
		response.setHeader("Lookout-Truncated", Boolean.toString(export.truncated()));
		response.setContentLength(export.csv().length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(export.csv());
		}
	}

	/** The JSON's strong ETag with {@code -csv}: other bytes of the same version, so another tag. */
	static String etag(StoredResult stored) {
		String json = stored.etag();
		return json.substring(0, json.length() - 1) + "-csv\"";
	}

}
