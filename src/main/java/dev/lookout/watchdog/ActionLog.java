package dev.lookout.watchdog;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Records what the watchdog did: the latest actions for /health and the runtime page, the log, a counter. */
final class ActionLog {

	/** The actions kept for /health and the runtime page. */
	private static final int KEPT = 20;

	private static final Log logger = LogFactory.getLog(Watchdog.class);

	private final Deque<WatchdogAction> actions = new ArrayDeque<>();

	private final Clock clock;

	private final MeterRegistry meters;

	ActionLog(Clock clock, MeterRegistry meters) {
		this.clock = clock;
		this.meters = meters;
	}

	void record(String check, String action, boolean succeeded, String detail) {
		WatchdogAction done = new WatchdogAction(this.clock.instant(), check, action, succeeded, detail);
		if (succeeded) {
			logger.warn("Watchdog: " + action + " " + check + ": " + detail);
		}
		else {
			logger.error("Watchdog: " + action + " " + check + " failed: " + detail);
		}
		Counter.builder("lookout.watchdog.actions")
			.description("Recovery actions the watchdog took, by check and action")
			.tag("check", check)
			.tag("action", action)
			.register(this.meters)
			.increment();
		synchronized (this.actions) {
			this.actions.addFirst(done);
			while (this.actions.size() > KEPT) {
				this.actions.pollLast();
			}
		}
	}

	/** The latest actions, newest first. */
	List<WatchdogAction> recent() {
		synchronized (this.actions) {
			return List.copyOf(this.actions);
		}
	}

}
