package dev.lookout.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A check that costs a round trip (a query, a ping), shielded from probe storms and from a hung
 * server: it starts at most once per {@code period}, never twice at once (callers that arrive
 * meanwhile share the running one), and no caller waits for it longer than {@code timeout} after
 * it started. A check still running past its timeout is reported DOWN at once; its own result
 * replaces that report when it finally ends.
 */
final class CachedCheck implements HealthIndicator {

	private final Supplier<CompletableFuture<Health>> check;

	private final long periodNanos;

	private final long timeoutNanos;

	private final Map<String, ?> details;

	private final Health timedOut;

	private final Object lock = new Object();

	/** Guarded by {@link #lock}; {@code null} when none runs. */
	private CompletableFuture<Health> running;

	/** Guarded by {@link #lock}: when the latest check started, in {@link System#nanoTime()}. */
	private long startedAt;

	/** Guarded by {@link #lock}; {@code null} until the first check ended. */
	private Health last;

	/**
	 * @param check starts one check and completes with its health; may complete exceptionally
	 * @param period how long a result is reused
	 * @param timeout how long a caller waits for a running check
	 * @param details what every report carries, such as the pool's name, also when the check failed
	 */
	CachedCheck(Supplier<CompletableFuture<Health>> check, Duration period, Duration timeout, Map<String, ?> details) {
		this.check = check;
		this.periodNanos = period.toNanos();
		this.timeoutNanos = timeout.toNanos();
		this.details = details;
		this.timedOut = Health.down()
			.withDetails(details)
			.withDetail("error", "no answer within " + timeout.toMillis() + " ms")
			.build();
	}

	@Override
	public Health health() {
		CompletableFuture<Health> current;
		long deadline;
		synchronized (this.lock) {
			long now = System.nanoTime();
			if (this.last != null && now - this.startedAt < this.periodNanos) {
				return this.last;
			}
			if (this.running == null) {
				this.startedAt = now;
				current = start();
				// One that ended at once has already recorded itself; only one still running is shared.
				if (!current.isDone()) {
					this.running = current;
				}
			}
			else {
				current = this.running;
			}
			deadline = this.startedAt + this.timeoutNanos;
		}
		try {
			return current.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return this.timedOut;
		}
		catch (ExecutionException ex) {
			return failed(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.timedOut;
		}
	}

	private CompletableFuture<Health> start() {
		CompletableFuture<Health> started;
		try {
			started = this.check.get();
		}
		catch (RuntimeException ex) {
			started = CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<Health> result = started.exceptionally(this::failed);
		result.thenAccept(this::record);
		return result;
	}

	private void record(Health health) {
		synchronized (this.lock) {
			this.last = health;
			this.running = null;
		}
	}

	private Health failed(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return Health.down().withDetails(this.details).withDetail("error", describe(cause)).build();
	}

	/** What went wrong, for the details: the exception's kind and message, never a stack trace. */
	static String describe(Throwable failure) {
		String message = failure.getMessage();
		return failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
