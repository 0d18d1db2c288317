package dev.lookout.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How fresh one panel's result is, as the updater last stored it.
 *
 * @param panelId the panel
 * @param interval how often the panel is meant to refresh
 * @param asOf when the query of the good result being served ran; {@code null} while there is none
 * @param staleReason the error code of the last refresh when it failed, {@code null} when it succeeded
 */
public record PanelFreshness(long panelId, Duration interval, Instant asOf, String staleReason) {

	/** Whether the last refresh failed, so what is served (if anything) is older than it should be. */
	public boolean stale() {
		return this.staleReason != null;
	}

	/** How old the served result is at {@code now}; empty while there is none. */
	public Optional<Duration> age(Instant now) {
		return Optional.ofNullable(this.asOf).map((at) -> Duration.between(at, now));
	}

}
