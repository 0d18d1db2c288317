package dev.lookout.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides which instance runs a panel's query when several share the work: the one that holds
 * the panel's lease. A lease lasts one refresh interval and is never released, so a holder that
 * dies simply lets it expire and another instance takes the panel over at its next turn.
 */
interface PanelLeases {

	/** A single instance holds every lease. */
	PanelLeases LOCAL = (panelId, interval, now) -> Optional.empty();

	/**
	 * Tries to take the panel's lease for {@code interval}.
	 * @return empty when this instance may run the query now; otherwise when the other holder's
	 * lease ends, the moment to try again
	 */
	Optional<Instant> claim(long panelId, Duration interval, Instant now);

}
