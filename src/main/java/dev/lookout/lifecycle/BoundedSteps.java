package dev.lookout.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs resources' steps so that none can hold the caller for long: each on a daemon thread of its
 * own, abandoned and interrupted past its timeout; a series of stops also within a total budget.
 * Durations in the reports are measured with the clock; the waits themselves are real time.
 */
final class BoundedSteps {

	/** Threads are named after the resource, so a thread dump says which step hangs. */
	static final String THREAD_PREFIX = "lookout-shutdown-";

	private static final Log logger = LogFactory.getLog(BoundedSteps.class);

	private final Duration budget;

	private final Clock clock;

	BoundedSteps(Duration budget, Clock clock) {
		this.budget = budget;
		this.clock = clock;
	}

	Clock clock() {
		return this.clock;
	}

	/** Stops the resources in the given order, the whole run within the budget: the rest are skipped once it is spent. */
	ShutdownReport stopAll(String reason, List<ManagedResource> ordered) {
		Instant start = this.clock.instant();
		List<HookOutcome> outcomes = new ArrayList<>(ordered.size());
		for (ManagedResource resource : ordered) {
			Duration left = this.budget.minus(Duration.between(start, this.clock.instant()));
			if (left.isNegative() || left.isZero()) {
				outcomes.add(new HookOutcome(resource.name(), resource.order(), HookStatus.SKIPPED, Duration.ZERO,
						"budget of " + ShutdownReport.millis(this.budget) + " spent"));
			}
			else {
				outcomes.add(run(resource, resource.stop(),
						(resource.timeout().compareTo(left) < 0) ? resource.timeout() : left));
			}
		}
		return new ShutdownReport(reason, outcomes, Duration.between(start, this.clock.instant()));
	}

	/** Starts the restartable resources in the given order, each within its own timeout. */
	ShutdownReport startAll(String reason, List<ManagedResource> ordered) {
		Instant start = this.clock.instant();
		List<HookOutcome> outcomes = new ArrayList<>(ordered.size());
		for (ManagedResource resource : ordered) {
			resource.start().ifPresent((action) -> outcomes.add(run(resource, action, resource.timeout())));
		}
		return new ShutdownReport(reason, outcomes, Duration.between(start, this.clock.instant()));
	}

	private HookOutcome run(ManagedResource resource, ResourceAction action, Duration wait) {
		String name = resource.name();
		Instant start = this.clock.instant();
		FutureTask<Void> task = new FutureTask<>(() -> {
			action.run();
			return null;
		});
		Thread thread = new Thread(task, THREAD_PREFIX + name);
		thread.setDaemon(true);
		thread.start();
		try {
			awaitUninterruptibly(task, wait);
			return outcome(resource, start, HookStatus.OK, "");
		}
		catch (TimeoutException ex) {
			task.cancel(true);
			logger.warn("Hook '" + name + "' did not finish within " + ShutdownReport.millis(wait)
					+ "; abandoned it and interrupted its thread");
			return outcome(resource, start, HookStatus.TIMEOUT, "abandoned after " + ShutdownReport.millis(wait));
		}
		catch (ExecutionException ex) {
			Throwable failure = ex.getCause();
			logger.warn("Hook '" + name + "' failed", failure);
			String message = failure.getMessage();
			return outcome(resource, start, HookStatus.FAILED,
					(message != null) ? message : failure.getClass().getSimpleName());
		}
	}

	private HookOutcome outcome(ManagedResource resource, Instant start, HookStatus status, String detail) {
		return new HookOutcome(resource.name(), resource.order(), status, Duration.between(start, this.clock.instant()),
				detail);
	}

	/**
	 * Waits for the task for at most {@code wait} of real time. An interrupt does not cut
	 * the wait short (the resources must still be released, and the budget bounds it); it is
	 * restored for the caller.
	 */
	private static void awaitUninterruptibly(FutureTask<Void> task, Duration wait)
			throws ExecutionException, TimeoutException {
		long deadline = System.nanoTime() + wait.toNanos();
		boolean interrupted = false;
		try {
			while (true) {
				try {
					task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
