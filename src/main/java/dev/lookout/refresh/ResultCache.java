package dev.lookout.refresh;

import java.util.Optional;

/**
 * Where panel results wait for their viewers: one entry per panel, replaced whole by each
 * refresh. Reads are on every viewer's path, so they must be cheap and must not fail: a cache
 * backed by a remote store answers from its in-process copy when that store is slow or down.
 */
interface ResultCache {

	Optional<StoredResult> get(long panelId);

	/**
	 * Like {@link #get(long)}, but when the copy held in process is older than {@code atLeastVersion}
	 * (another instance stored a newer one) a shared store is asked at once.
	 */
	default Optional<StoredResult> get(long panelId, long atLeastVersion) {
		return get(panelId);
	}

	void put(long panelId, StoredResult result);

	void remove(long panelId);

}
