package dev.lookout.refresh;

import java.util.List;
import java.util.Optional;

/**
 * What the realtime sync reads from the refresh module: the panels of a dashboard and their
 * stored results, both from memory (or the shared cache), never from a database.
 */
public interface PanelResults {

	/** The panels of dashboard {@code slug} the updater knows; empty while it has not listed the panels yet. */
	Optional<List<Long>> panelsOf(String slug);

	/**
	 * The stored result of a panel. When another instance announced {@code atLeastVersion} and
	 * this one holds an older copy, the shared cache is asked (bounded by the Redis command
	 * timeout); the answer may still be older when it cannot be reached.
	 */
	Optional<PanelResult> current(long panelId, long atLeastVersion);

	/**
	 * A stored result, as served by {@code GET /api/panels/{id}/result}.
	 * @param body the JSON document; shared, never to be modified
	 */
	record PanelResult(long panelId, long resultVersion, byte[] body) {
	}

}
