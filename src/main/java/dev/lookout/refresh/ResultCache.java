package dev.lookout.refresh;

import java.util.Optional;

/**
 * Where view results wait for their viewers: one entry per view, replaced whole by each
 * refresh. Reads are on every viewer's path, so they must be cheap and must not fail: a cache
 * backed by a remote store answers from its in-process copy when that store is slow or down.
 */
interface ResultCache {

	Optional<StoredResult> get(ViewKey view);

	/**
	 * Like {@link #get(ViewKey)}, but when the copy held in process is older than {@code atLeastVersion}
	 * (another instance stored a newer one) a shared store is asked at once.
	 */
	default Optional<StoredResult> get(ViewKey view, long atLeastVersion) {
		return get(view);
	}

	void put(ViewKey view, StoredResult result);

	/** The view is gone (its panel removed, or its query changed): from every instance's cache. */
	void remove(ViewKey view);

	/**
	 * Nobody watches the view on this instance any more: its copy here may go. A shared store
	 * keeps it until it expires, for another instance that still has viewers of it.
	 */
	default void release(ViewKey view) {
		remove(view);
	}

}
