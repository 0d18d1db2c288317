package dev.lookout.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts the watchdog's reloads within a sliding window and refuses one more than allowed: past
 * that, reloading has not helped, and only a restart of the process will. Safe from any thread.
 */
final class ReloadBudget {

	private final Duration window;

	private final int max;

	private final Deque<Instant> reloads = new ArrayDeque<>();

	/**
	 * @param window how far back reloads count; positive
	 * @param max reloads allowed within the window; at least 1
	 */
	ReloadBudget(Duration window, int max) {
		if (window == null || window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("reload window must be greater than 0ms, but was "
					+ ((window != null) ? window.toMillis() + "ms" : null));
		}
		if (max < 1) {
			throw new IllegalArgumentException("max reloads must be at least 1, but was " + max);
		}
		this.window = window;
		this.max = max;
	}

	/** Takes one reload at {@code now} if the window has room for it; false, taking nothing, if not. */
	synchronized boolean take(Instant now) {
		if (used(now) >= this.max) {
			return false;
		}
		this.reloads.addLast(now);
		return true;
	}

	/** The reloads taken within the window that ends at {@code now}. */
	synchronized int used(Instant now) {
		Instant since = now.minus(this.window);
		while (!this.reloads.isEmpty() && this.reloads.peekFirst().isBefore(since)) {
			this.reloads.pollFirst();
		}
		return this.reloads.size();
	}

	int max() {
		return this.max;
	}

	Duration window() {
		return this.window;
	}

}
