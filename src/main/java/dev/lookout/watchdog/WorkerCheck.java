package dev.lookout.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.lookout.lifecycle.Supervised;

/**
 * Watches one background worker: stopped, or its heartbeat older than the threshold, is wedged;
 * restarted at once, and reloaded after {@value #MAX_RESTARTS} restarts within the reload window.
 */
final class WorkerCheck implements Check {

	/** Restarts of one worker within the reload window before a reload is tried instead. */
	static final int MAX_RESTARTS = 2;

	private final Supervised worker;

	private final Duration stuckAfter;

	private final Duration reloadWindow;

	WorkerCheck(Supervised worker, WatchdogSettings settings) {
		this.worker = worker;
		this.stuckAfter = settings.stuckAfter();
		this.reloadWindow = settings.reloadWindow();
	}

	@Override
	public String name() {
		return this.worker.supervisedName();
	}

	@Override
	public Optional<String> wedged(Instant now) {
		if (!this.worker.running()) {
			return Optional.of("not running");
		}
		Duration age = Duration.between(this.worker.lastHeartbeat(), now);
		// A slow beater is not stuck before it missed a few of its own beats.
		Duration threshold = max(this.stuckAfter, this.worker.beatInterval().multipliedBy(3));
		if (age.compareTo(threshold) > 0) {
			return Optional.of("heartbeat " + age.toMillis() + " ms old (stuck after " + threshold.toMillis() + " ms)");
		}
		return Optional.empty();
	}

	@Override
	public Escalation.Policy policy() {
		return new Escalation.Policy(Duration.ZERO, MAX_RESTARTS, true, this.reloadWindow);
	}

	@Override
	public String remedy() {
		return "restart";
	}

	@Override
	public void applyRemedy() {
		this.worker.restart();
	}

	private static Duration max(Duration one, Duration other) {
		return (one.compareTo(other) >= 0) ? one : other;
	}

}
