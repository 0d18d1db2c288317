package dev.lookout.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Owns the updater's threads: a scheduler that runs a round every tick and a fixed pool of
 * workers with a permit each; starts, stops and restarts them, and keeps the heartbeat the
 * watchdog reads. What a round does is the coordinator's; this class only runs it.
 */
final class RefreshWorkers {

	static final String THREAD_PREFIX = "lookout-refresh-";

	/** A driver may ignore the interrupt mid-query; the data-source pools, closed after us, end it. */
	private static final Duration STOP_WAIT = Duration.ofSeconds(3);

	private static final Log logger = LogFactory.getLog(RefreshWorkers.class);

	private final int concurrency;

	private final Duration tickInterval;

	private final Clock clock;

	private final Runnable round;

	private final Object lock = new Object();

	private volatile Crew crew;

	private volatile Instant lastHeartbeat;

	/** A woken round is queued and has not started yet. */
	private final AtomicBoolean wakePending = new AtomicBoolean();

	/** {@code round} runs on the scheduler thread, at once on each start and then every {@code tickInterval}. */
	RefreshWorkers(int concurrency, Duration tickInterval, Clock clock, Runnable round) {
		this.concurrency = concurrency;
		this.tickInterval = tickInterval;
		this.clock = clock;
		this.round = round;
		this.lastHeartbeat = clock.instant();
	}

	/** When a round last began: how the watchdog tells running workers from stuck ones. */
	Instant lastHeartbeat() {
		return this.lastHeartbeat;
	}

	/** A round begins at {@code now}. */
	void beat(Instant now) {
		// Never backwards: a round woken by a finished refresh may be told an earlier instant than
		// one a caller ran with (the tests' rounds run at instants of their choosing).
		if (now.isAfter(this.lastHeartbeat)) {
			this.lastHeartbeat = now;
		}
	}

	boolean running() {
		return this.crew != null;
	}

	/** The threads of the current start; {@code null} while stopped. */
	Crew crew() {
		return this.crew;
	}

	/**
	 * Unless running: runs {@code prepare} on the caller's thread, then starts new threads, the
	 * first round at once. Concurrent starts and restarts wait for each other.
	 */
	void start(Runnable prepare) {
		synchronized (this.lock) {
			if (this.crew != null) {
				return;
			}
			prepare.run();
			startThreads();
		}
	}

	/** Stops the threads (a stuck round is interrupted) and starts new ones. */
	void restart() {
		synchronized (this.lock) {
			stop();
			startThreads();
		}
	}

	/**
	 * Interrupts the scheduler and the workers and waits a bounded time for them; a refresh that
	 * ends after this stores nothing. Idempotent.
	 */
	void stop() {
		Crew stopping;
		synchronized (this.lock) {
			stopping = this.crew;
			this.crew = null;
		}
		if (stopping == null) {
			return;
		}
		stopping.scheduler.shutdownNow();
		stopping.pool.shutdownNow();
		try {
			long deadline = System.nanoTime() + STOP_WAIT.toNanos();
			boolean stopped = stopping.scheduler.awaitTermination(STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS)
					&& stopping.pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (!stopped) {
				logger.warn("Refresh workers still busy " + STOP_WAIT.toMillis()
						+ " ms after the interrupt; left to end with their queries");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Runs a round now, off the caller's thread; nothing while stopped. Wakes that come while one is
	 * waiting to run join it: every worker that finishes wakes the round, and one round serves them all.
	 */
	void wake() {
		Crew current = this.crew;
		if (current != null && this.wakePending.compareAndSet(false, true)) {
			try {
				current.scheduler.execute(() -> {
					this.wakePending.set(false);
					this.round.run();
				});
			}
			catch (RejectedExecutionException ex) {
				// Stopping: no more rounds.
				this.wakePending.set(false);
			}
		}
	}

	/** New threads; a stop's threads are never reused. */
	private void startThreads() {
		// The heartbeat of the last run is no evidence against a new one.
		this.lastHeartbeat = this.clock.instant();
		Crew started = new Crew(Executors.newSingleThreadScheduledExecutor(threads("scheduler-")),
				Executors.newFixedThreadPool(this.concurrency, threads("worker-")), new Semaphore(this.concurrency));
		this.crew = started;
		started.scheduler.scheduleWithFixedDelay(this.round, 0, this.tickInterval.toNanos(), TimeUnit.NANOSECONDS);
	}

	private static CustomizableThreadFactory threads(String role) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(THREAD_PREFIX + role);
		// A query stuck past the shutdown budget must not keep the process alive.
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * One start's threads and permits. Only the scheduler's round takes permits, so what
	 * {@link #free()} reports can be taken; a worker hands its permit back when done. A task
	 * checks its own crew, so after a restart no old worker stores a result.
	 */
	static final class Crew {

		private final ScheduledExecutorService scheduler;

		private final ExecutorService pool;

		private final Semaphore permits;

		private Crew(ScheduledExecutorService scheduler, ExecutorService pool, Semaphore permits) {
			this.scheduler = scheduler;
			this.pool = pool;
			this.permits = permits;
		}

		int free() {
			return this.permits.availablePermits();
		}

		boolean take(int count) {
			return this.permits.tryAcquire(count);
		}

		void release() {
			this.permits.release();
		}

		/** @return false when the crew is stopping and refused the task */
		boolean execute(Runnable task) {
			try {
				this.pool.execute(task);
				return true;
			}
			catch (RejectedExecutionException ex) {
				return false;
			}
		}

		boolean stopping() {
			return this.pool.isShutdown();
		}

	}

}
