package dev.lookout.refresh;

import java.time.Instant;

/**
 * A new result for a view of a panel landed in the cache (or a refresh failed and the stored
 * result is now stale). {@code resultVersion} grows with every change of the stored result;
 * realtime sync puts it in the event id.
 */
public record PanelRefreshed(ViewKey view, String dashboardSlug, long resultVersion, Instant asOf, boolean stale) {

	public long panelId() {
		return this.view.panelId();
	}

}
