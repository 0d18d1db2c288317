package dev.lookout.refresh;

import java.time.Duration;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves a panel's stored result to every viewer: the bytes the last refresh wrote, with their
 * ETag, so a client that has them gets 304. No database and no serialization on this path,
 * except the small placeholder of a panel never refreshed.
 */
@RestController
class PanelResultController {

	/** Clients may keep a copy but must revalidate it: the result changes with every refresh. */
	private static final CacheControl REVALIDATE = CacheControl.noCache();

	private static final Duration INDEX_RETRY = Duration.ofSeconds(2);

	private final ResultCache cache;

	private final CacheUpdater updater;

	private final ResultDocuments documents;

	PanelResultController(ResultCache cache, CacheUpdater updater, ResultDocuments documents) {
		this.cache = cache;
		this.updater = updater;
		this.documents = documents;
	}

	@GetMapping("/api/panels/{id}/result")
	ResponseEntity<byte[]> result(@PathVariable long id) {
		if (!this.updater.knows(id)) {
			if (this.updater.indexLoaded()) {
				throw new ApiException(ErrorCode.NOT_FOUND, "There is no panel " + id + ".");
			}
			// The panels could not be listed yet (application database down at start): serve what is stored.
			return this.cache.get(id)
				.map(PanelResultController::serve)
				.orElseThrow(() -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
						"Panels are still being loaded; retry shortly.", INDEX_RETRY));
		}
		StoredResult stored = this.cache.get(id).orElse(null);
		if (stored == null) {
			this.updater.requestRefresh(id);
			stored = this.documents.pending(id);
		}
		return serve(stored);
	}

	/** Spring answers 304 itself when {@code If-None-Match} matches the ETag. */
	private static ResponseEntity<byte[]> serve(StoredResult stored) {
		return ResponseEntity.ok()
			.eTag(stored.etag())
			.cacheControl(REVALIDATE)
			.contentType(MediaType.APPLICATION_JSON)
			.body(stored.body());
	}

}
