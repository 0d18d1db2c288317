package dev.lookout.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Starts each {@link ScheduledCheck} when it is due, from one daemon thread that only hands checks
 * to their probe threads and never waits for one, so that no request ever runs a check.
 */
final class HealthSchedule implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(HealthSchedule.class);

	private final List<ScheduledCheck> checks = new CopyOnWriteArrayList<>();

	private final ScheduledThreadPoolExecutor executor;

	/**
	 * @param tick how often every check is asked whether it is due; a fraction of the shortest period,
	 * so that a check runs within a tick of being due
	 */
	HealthSchedule(Duration tick) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("lookout-health-schedule-");
		threads.setDaemon(true);
		this.executor = new ScheduledThreadPoolExecutor(1, threads);
		this.executor.scheduleWithFixedDelay(this::tick, 0, tick.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Schedules a check from now on; its first run comes within a tick. */
	ScheduledCheck add(ScheduledCheck check) {
		this.checks.add(check);
		return check;
	}

	/** Runs a check no more; one under way still ends on its probe thread. */
	void remove(ScheduledCheck check) {
		this.checks.remove(check);
	}

	private void tick() {
		for (ScheduledCheck check : this.checks) {
			try {
				check.runIfDue();
			}
			catch (RuntimeException ex) {
				// One faulty check must not end the schedule of every other.
				logger.warn("Health check could not be started: " + ScheduledCheck.describe(ex));
			}
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
