package dev.lookout.lifecycle;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * The result of one controlled reload: how the restartable hooks stopped, then how they started.
 *
 * @param reason why the reload ran
 * @param stopped the stop of every restartable hook, in stop order
 * @param started their starts, in start order (the reverse)
 */
public record ReloadReport(String reason, ShutdownReport stopped, ShutdownReport started) {

	/** Whether every stop and every start finished in time and without an error. */
	public boolean succeeded() {
		return Stream.concat(this.stopped.outcomes().stream(), this.started.outcomes().stream())
			.allMatch((outcome) -> outcome.status() == HookStatus.OK);
	}

	public Duration total() {
		return this.stopped.total().plus(this.started.total());
	}

	/** Both phases, one line per hook, for the log and the runtime page. */
	public String describe() {
		return "Reload (" + this.reason + ") " + (succeeded() ? "succeeded" : "FAILED") + " in "
				+ ShutdownReport.millis(total()) + "\n" + this.stopped.describe("Stop") + "\n"
				+ this.started.describe("Start");
	}

	@Override
	public String toString() {
		return describe();
	}

}
