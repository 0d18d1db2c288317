package dev.lookout.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Shields one costly health check from probe storms and hung servers.
 * <p>
 * A check that costs a round trip (a query, a ping), shielded from probe storms and from a hung
 * server: it starts at most once per {@code period}, never twice at once (callers that arrive
 * meanwhile share the running one), and no caller waits for it longer than {@code timeout} after
 * it started. A check still running past its timeout is reported DOWN at once; its own result
 * replaces that report when it finally ends.
 */
final class CachedCheck implements HealthIndicator {

	private final Supplier<CompletableFuture<Health>> check;

	private final Duration period;

	private final Duration timeout;

	/** Injected, so the period is tested by moving a clock rather than by sleeping. */
	private final Clock clock;

	private final Map<String, ?> details;

	private final Health timedOut;

	private final Object lock = new Object();

	/** Guarded by {@link #lock}; {@code null} when none runs. */
	private CompletableFuture<Health> running;

	/** Guarded by {@link #lock}: when the latest check started, by {@link #clock}. */
	private Instant startedAt;

	/** Guarded by {@link #lock}; {@code null} until the first check ended. */
	private Health last;

	/**
	 * @param check starts one check and completes with its health; may complete exceptionally
	 * @param period how long a result is reused
	 * @param timeout how long a caller waits for a running check
	 * @param details what every report carries, such as the pool's name, also when the check failed
	 * @param clock when a check started and how long ago
	 */
	CachedCheck(Supplier<CompletableFuture<Health>> check, Duration period, Duration timeout, Map<String, ?> details,
			Clock clock) {
		this.check = check;
		this.period = period;
		this.timeout = timeout;
		this.clock = clock;
		this.details = details;
		this.timedOut = Health.down()
			.withDetails(details)
			.withDetail("error", "no answer within " + timeout.toMillis() + " ms")
			.build();
	}

	@Override
	public Health health() {
		CompletableFuture<Health> current;
		Instant deadline;
		synchronized (this.lock) {
			Instant now = this.clock.instant();
			if (this.last != null && Duration.between(this.startedAt, now).compareTo(this.period) < 0) {
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
			deadline = this.startedAt.plus(this.timeout);
		}
		try {
			long left = Duration.between(this.clock.instant(), deadline).toNanos();
			return current.get(Math.max(0, left), TimeUnit.NANOSECONDS);
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
