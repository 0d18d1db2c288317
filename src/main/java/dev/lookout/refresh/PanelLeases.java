package dev.lookout.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides which instance runs a view's query when several share the work: the one that holds
 * the view's lease. A lease lasts one refresh interval and is never released, so a holder that
 * dies simply lets it expire and another instance takes the view over at its next turn.
 */
interface PanelLeases {

	/** A single instance holds every lease. */
	PanelLeases LOCAL = (views, now) -> CompletableFuture.completedFuture(Map.of());

	/**
	 * Tries to take the lease of each view for one of its refresh intervals, all in one request
	 * and without waiting for the answer: the caller goes on with its round meanwhile.
	 * @return once answered, the views another instance holds, each with the moment its lease
	 * ends (when to try again); every other view may be refreshed by this instance now. Never
	 * completes exceptionally.
	 */
	CompletionStage<Map<ViewKey, Instant>> claim(List<PanelView> views, Instant now);

}
