package dev.lookout.refresh;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import dev.lookout.web.RequestParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers one read of a view's stored result ({@code GET} or {@code HEAD}, the panel's default
 * view or, with {@code ?name=value} parameters, the view of those values): the bytes the last
 * refresh wrote (or their gzip copy, for a client that accepts it), with their ETag, or 304 when
 * the client has them. Written straight to the response: no serialization, no database, no
 * allocation beyond the headers, except the small placeholder of a panel never refreshed.
 * Failures are handed to the error page as problem details, like any filter's.
 */
final class ResultReads {

	static final String PATH_PATTERN = "/api/panels/{id}/result";

	/** Clients may keep a copy but must revalidate it: the result changes with every refresh. */
	private static final String REVALIDATE = "no-cache";

	private static final String JSON = "application/json";

	private static final Duration INDEX_RETRY = Duration.ofSeconds(2);

	private final ResultCache cache;

	private final CacheUpdater updater;

	private final ResultDocuments documents;

	private final ViewChoices choices;

	ResultReads(ResultCache cache, CacheUpdater updater, ResultDocuments documents, ViewChoices choices) {
		this.cache = cache;
		this.updater = updater;
		this.documents = documents;
		this.choices = choices;
	}

	void answer(long panelId, HttpServletRequest request, HttpServletResponse response) throws IOException {
		StoredResult stored = find(panelId, request);
		if (stored == null) {
			Failure failure = (Failure) request.getAttribute(Failure.ATTRIBUTE);
			response.sendError(failure.status());
			return;
		}
		boolean gzip = stored.gzipped() != null && acceptsGzip(request.getHeader("Accept-Encoding"));
		String etag = gzip ? stored.gzipEtag() : stored.etag();
		response.setHeader("ETag", etag);
		response.setHeader("Cache-Control", REVALIDATE);
		if (stored.gzipped() != null) {
			// Caches must keep the two encodings apart.
			response.setHeader("Vary", "Accept-Encoding");
		}
		if (matches(request.getHeader("If-None-Match"), etag)) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		byte[] bytes = gzip ? stored.gzipped() : stored.body();
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(JSON);
		if (gzip) {
			response.setHeader("Content-Encoding", "gzip");
		}
		response.setContentLength(bytes.length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(bytes);
		}
	}

	/**
	 * The result to serve (also what other representations of a result, the CSV export, start
	 * from), or {@code null} with the failure set on the request. A read without
	 * parameters is of the panel's default view and costs no parsing; one with values is of their
	 * view, which the read keeps live (or adds, within {@code MAX_LIVE_VIEWS}).
	 */
	StoredResult find(long panelId, HttpServletRequest request) {
		if (!this.updater.knows(panelId)) {
			if (this.updater.indexLoaded()) {
				return fail(request, Failure.of(ErrorCode.NOT_FOUND, "There is no panel " + panelId + "."));
			}
			// The panels could not be listed yet (application database down at start): serve what is stored.
			StoredResult stored = (request.getQueryString() == null) ? this.cache.get(ViewKey.of(panelId)).orElse(null)
					: null;
			return (stored != null) ? stored
					: fail(request, Failure.of(ErrorCode.SERVICE_UNAVAILABLE,
							"Panels are still being loaded; retry shortly.").withRetryAfter(INDEX_RETRY));
		}
		PanelSpec spec = this.updater.panel(panelId).orElse(null);
		if (spec != null && !spec.visible()) {
			// As if it did not exist: the dashboard is shared with groups the reader is not in.
			return fail(request, Failure.of(ErrorCode.NOT_FOUND, "There is no panel " + panelId + "."));
		}
		ViewKey view = ViewKey.of(panelId);
		if (request.getQueryString() != null) {
			try {
				view = watchedView(panelId, spec, request);
			}
			catch (ApiException ex) {
				Failure failure = Failure.of(ex.code(), ex.getMessage());
				return fail(request, ex.retryAfter().map(failure::withRetryAfter).orElse(failure));
			}
		}
		StoredResult stored = this.cache.get(view).orElse(null);
		if (stored == null) {
			this.updater.requestRefresh(view);
			stored = this.documents.pending(view);
		}
		return stored;
	}

	/** Whether the panel's dashboard is shared with named groups only, so a read needs to know who asks. */
	boolean restricted(long panelId) {
		return this.updater.panel(panelId).map((spec) -> !spec.access().view().isEmpty()).orElse(false);
	}

	/** The view the request's values choose, kept live by this read. */
	private ViewKey watchedView(long panelId, PanelSpec spec, HttpServletRequest request) {
		if (spec == null) {
			throw new ApiException(ErrorCode.NOT_FOUND, "There is no panel " + panelId + ".");
		}
		PanelView view = PanelView.of(spec, this.choices.choose(spec, RequestParameters.values(request.getParameterMap())));
		this.updater.watch(List.of(view));
		return view.key();
	}

	private static StoredResult fail(HttpServletRequest request, Failure failure) {
		request.setAttribute(Failure.ATTRIBUTE, failure);
		return null;
	}

	/** Whether {@code Accept-Encoding} lists gzip (or {@code *}) without {@code q=0}. */
	static boolean acceptsGzip(String acceptEncoding) {
		if (acceptEncoding == null) {
			return false;
		}
		for (String coding : acceptEncoding.split(",")) {
			String[] parts = coding.split(";");
			String name = parts[0].strip();
			if (name.equalsIgnoreCase("gzip") || name.equals("*")) {
				return !(parts.length > 1 && parts[1].strip().replace(" ", "").matches("(?i)q=0(\\.0{0,3})?"));
			}
		}
		return false;
	}

	/** {@code If-None-Match} names {@code etag} or is {@code *}; weak comparison, as RFC 9110 13.1.2 asks. */
	static boolean matches(String ifNoneMatch, String etag) {
		if (ifNoneMatch == null) {
			return false;
		}
		for (String candidate : ifNoneMatch.split(",")) {
			String tag = candidate.strip();
			if (tag.equals("*") || tag.equals(etag) || (tag.startsWith("W/") && tag.substring(2).equals(etag))) {
				return true;
			}
		}
		return false;
	}

}
