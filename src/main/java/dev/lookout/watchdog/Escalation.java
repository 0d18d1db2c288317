package dev.lookout.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides, for one check, the next step against a wedge: wait, the check's first remedy, a reload,
 * or (when nothing inside the process can help) giving up. Pure: it is told the time and what the
 * check saw, and acts on nothing itself; the watchdog carries the step out, the reload within the
 * {@link ReloadBudget}. One per check; used from the watchdog's thread only.
 */
final class Escalation {

	/** What comes next. */
	enum Step {

		/** Wedged, but not yet for as long as the check's patience. */
		WAIT,

		/** Apply the check's first remedy (restart, evict, reconnect). */
		REMEDY,

		/** The remedies did not help: reload the instance. */
		RELOAD,

		/** Nothing inside the process can help: liveness DOWN. */
		GIVE_UP

	}

	/**
	 * How a check escalates.
	 *
	 * @param patience how long it must stay wedged before each step; zero acts at once
	 * @param remedies how many first remedies before a reload; zero, with no reload either, gives up at once
	 * @param remembered whether the remedies still count once the check is fine again (within the
	 * window): a worker that keeps getting stuck after each restart is reloaded; an evicted pool
	 * that recovered starts afresh
	 * @param window how far back remembered remedies count
	 */
	record Policy(Duration patience, int remedies, boolean remembered, Duration window) {

		/** For what no remedy or reload can undo. */
		static Policy giveUpAtOnce() {
			return new Policy(Duration.ZERO, 0, false, Duration.ZERO);
		}

		boolean givesUpAtOnce() {
			return this.remedies == 0;
		}

	}

	/**
	 * A step and what it answers to.
	 *
	 * @param step what to do
	 * @param wedgedFor how long the check had been wedged when the step was decided
	 * @param remediesTried for a reload: how many remedies came before it
	 */
	record Decision(Step step, Duration wedgedFor, int remediesTried) {
	}

	private final Policy policy;

	private final Deque<Instant> remedies = new ArrayDeque<>();

	/** Since when the check is wedged, restarted by each step; {@code null} while it is fine. */
	private Instant wedgedSince;

	Escalation(Policy policy) {
		this.policy = policy;
	}

	/** The check is fine: the wedge is over, and so are its remedies unless they are remembered. */
	void fine() {
		this.wedgedSince = null;
		if (!this.policy.remembered()) {
			this.remedies.clear();
		}
	}

	/** The check is wedged at {@code now}: the next step. */
	Decision wedged(Instant now) {
		if (this.policy.givesUpAtOnce()) {
			return new Decision(Step.GIVE_UP, Duration.ZERO, 0);
		}
		if (this.wedgedSince == null) {
			this.wedgedSince = now;
		}
		Duration wedgedFor = Duration.between(this.wedgedSince, now);
		if (wedgedFor.compareTo(this.policy.patience()) < 0) {
			return new Decision(Step.WAIT, wedgedFor, 0);
		}
		// The next step waits its own patience, from now.
		this.wedgedSince = now;
		if (this.policy.remembered()) {
			Instant since = now.minus(this.policy.window());
			while (!this.remedies.isEmpty() && this.remedies.peekFirst().isBefore(since)) {
				this.remedies.pollFirst();
			}
		}
		if (this.remedies.size() < this.policy.remedies()) {
			this.remedies.addLast(now);
			return new Decision(Step.REMEDY, wedgedFor, 0);
		}
		int tried = this.remedies.size();
		this.remedies.clear();
		return new Decision(Step.RELOAD, wedgedFor, tried);
	}

}
