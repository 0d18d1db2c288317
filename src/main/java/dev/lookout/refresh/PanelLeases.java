package dev.lookout.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.lookout.dashboards.PanelSpec;

/**
 * Decides which instance runs a panel's query when several share the work: the one that holds
 * the panel's lease. A lease lasts one refresh interval and is never released, so a holder that
 * dies simply lets it expire and another instance takes the panel over at its next turn.
 */
interface PanelLeases {

	/** A single instance holds every lease. */
	PanelLeases LOCAL = (panels, now) -> CompletableFuture.completedFuture(Map.of());

	/**
	 * Tries to take the lease of each panel for one of its refresh intervals, all in one request
	 * and without waiting for the answer: the caller goes on with its round meanwhile.
	 * @return once answered, the panels another instance holds, each with the moment its lease
	 * ends (when to try again); every other panel may be refreshed by this instance now. Never
	 * completes exceptionally.
	 */
	CompletionStage<Map<Long, Instant>> claim(List<PanelSpec> panels, Instant now);

}
