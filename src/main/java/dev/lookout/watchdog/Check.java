package dev.lookout.watchdog;

import java.time.Instant;
import java.util.Optional;

/**
 * One thing the watchdog watches: what it is, how it tells that the thing is wedged, its first
 * remedy, and how patiently it escalates (see {@link Escalation}). A check gets what it watches by
 * type, when it is built; it keeps no state of its own between rounds.
 */
interface Check {

	/** Names it in actions, logs and metrics: {@code cache-updater}, {@code request-pool}, {@code redis}. */
	String name();

	/** What is wrong now, for the log; empty while it is fine. Called on the watchdog's thread only. */
	Optional<String> wedged(Instant now);

	/** How it escalates. */
	Escalation.Policy policy();

	/**
	 * The first remedy, as a verb for the actions: {@code restart}, {@code evict}, {@code reconnect};
	 * {@code none} for a check whose policy gives up at once and so never asks for one.
	 */
	default String remedy() {
		return "none";
	}

	/**
	 * Applies the first remedy; a failure is recorded, and the escalation goes on. Nothing to apply
	 * by default: only a policy with remedies ({@link Escalation.Policy}) calls it.
	 */
	default void applyRemedy() {
	}

}
