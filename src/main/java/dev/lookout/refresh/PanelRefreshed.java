package dev.lookout.refresh;

import java.time.Instant;

/**
 * A new result for a panel landed in the cache (or a refresh failed and the stored result is
 * now stale). {@code resultVersion} grows with every change of the stored result; realtime
 * sync uses it as the event id.
 */
public record PanelRefreshed(long panelId, String dashboardSlug, long resultVersion, Instant asOf, boolean stale) {
}
