package dev.lookout.demo;

import java.time.Duration;

/**
 * The timing of the demo's recurring incident: checkout's latency climbs for {@code lasting}, the
 * first time {@code firstAfter} the simulator starts (so a newcomer sees the demo alert fire within
 * minutes), then every {@code every}; and how long the demo's alert rule waits before it fires
 * ({@code forSeconds}) and before it resolves ({@code resolveAfterSeconds}). One record, because
 * they only make sense together: the rule must fire during the incident and stay quiet between two.
 */
record DemoIncident(Duration firstAfter, Duration every, Duration lasting, int forSeconds, int resolveAfterSeconds) {

	/**
	 * About 75 s of trouble every 6 minutes, the first 90 s after start. The rule's panel looks at the
	 * last minute, so the condition holds for about 75 + 60 s: it fires about 15 s in and resolves
	 * 30 s after the minute has passed, with more than 3 calm minutes before the next one.
	 */
	static final DemoIncident DEFAULT = new DemoIncident(Duration.ofSeconds(90), Duration.ofMinutes(6),
			Duration.ofSeconds(75), 15, 30);

	DemoIncident {
		if (firstAfter.isNegative()) {
			throw new IllegalArgumentException("firstAfter must be 0 or more: " + firstAfter);
		}
		if (lasting.isNegative() || lasting.isZero() || lasting.compareTo(every) >= 0) {
			throw new IllegalArgumentException("lasting must be above 0 and below every (" + every + "): " + lasting);
		}
	}

	/** Whether the incident is on, {@code elapsed} after the simulator started. */
	boolean ongoing(Duration elapsed) {
		if (elapsed.compareTo(this.firstAfter) < 0) {
			return false;
		}
		long intoCycle = elapsed.minus(this.firstAfter).toMillis() % this.every.toMillis();
		return intoCycle < this.lasting.toMillis();
	}

}
