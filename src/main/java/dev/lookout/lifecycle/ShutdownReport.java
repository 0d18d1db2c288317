package dev.lookout.lifecycle;

import java.time.Duration;
import java.util.List;

/**
 * The result of one shutdown run: every hook's outcome in the order they ran, and the
 * total time, by the registry's clock.
 *
 * @param reason why the shutdown ran, e.g. {@code context closing}
 * @param outcomes one outcome per registered hook, in run order
 * @param total how long the whole run took
 */
public record ShutdownReport(String reason, List<HookOutcome> outcomes, Duration total) {

	public ShutdownReport {
		outcomes = List.copyOf(outcomes);
	}

	/** A multi-line text for the log: one line per hook, then nothing else to look up. */
	public String describe() {
		return describe("Shutdown");
	}

	/** The same text under another title: a reload's stop and start phases are reports too. */
	String describe(String title) {
		StringBuilder text = new StringBuilder(title).append(" (").append(this.reason)
			.append(") finished in ")
			.append(millis(this.total));
		if (this.outcomes.isEmpty()) {
			return text.append(": no hooks registered").toString();
		}
		text.append(':');
		int width = this.outcomes.stream().mapToInt((outcome) -> outcome.name().length()).max().orElse(0);
		for (HookOutcome outcome : this.outcomes) {
			text.append(String.format("%n  %6d  %-" + width + "s  %-7s  %8s", outcome.order(), outcome.name(),
					outcome.status(), millis(outcome.duration())));
			if (!outcome.detail().isEmpty()) {
				text.append("  ").append(outcome.detail());
			}
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return describe();
	}

	static String millis(Duration duration) {
		return duration.toMillis() + "ms";
	}

}
