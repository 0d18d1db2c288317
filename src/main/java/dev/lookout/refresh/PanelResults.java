package dev.lookout.refresh;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the realtime sync reads from the refresh module: the panels of a dashboard, the views a
 * viewer's values choose, and their stored results, all from memory (or the shared cache),
 * never from a database.
 */
public interface PanelResults {

	/** The panels of dashboard {@code slug} the updater knows; empty while it has not listed the panels yet. */
	Optional<List<Long>> panelsOf(String slug);

	/**
	 * What list variable {@code name} of dashboard {@code slug} offers now: its fixed options, or
	 * those its query last read; empty when the dashboard has no such variable, and until its query
	 * succeeded once. Whether the user may see the dashboard is the caller's to decide.
	 */
	List<String> variableOptions(String slug, String name);

	/**
	 * The view of each of dashboard {@code slug}'s panels for the values {@code parameters}
	 * choose (none: every panel's default view), in panel order, each kept live by this call
	 * for its keep time, a new one added and refreshed at once.
	 * @throws dev.lookout.web.ApiException {@code VALIDATION_FAILED} naming every bad value,
	 * {@code OVERLOADED} when a new view would pass {@code MAX_LIVE_VIEWS}
	 */
	List<ViewKey> watch(String slug, Map<String, List<String>> parameters);

	/**
	 * The view of panel {@code panelId} that {@code values} choose (empty: its default view),
	 * checked like a read's values; a view other than the default one is kept live by this call
	 * for its keep time, as a read keeps it (alert rules on a view call this periodically).
	 * @throws dev.lookout.web.ApiException {@code NOT_FOUND} for a panel the updater does not
	 * know, {@code VALIDATION_FAILED} naming every bad value, {@code OVERLOADED} when a new view
	 * would pass {@code MAX_LIVE_VIEWS}
	 */
	ViewKey watchView(long panelId, Map<String, List<String>> values);

	/**
	 * The stored result of a view. When another instance announced {@code atLeastVersion} and
	 * this one holds an older copy, the shared cache is asked (bounded by the Redis command
	 * timeout); the answer may still be older when it cannot be reached.
	 */
	Optional<PanelResult> current(ViewKey view, long atLeastVersion);

	/**
	 * A stored result, as served by {@code GET /api/panels/{id}/result}.
	 * @param body the JSON document; shared, never to be modified
	 */
	record PanelResult(ViewKey view, long resultVersion, byte[] body) {
	}

}
