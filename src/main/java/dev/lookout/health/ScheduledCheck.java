package dev.lookout.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Holds the latest result of one costly health check and answers from it at once.
 * <p>
 * A check that costs a round trip (a query, a ping) is started only by {@link #runIfDue()},
 * which the {@link HealthSchedule} calls: at most once per {@code period}, never twice at once.
 * {@link #health()} never starts or waits for a check; it reads the latest result with its
 * {@code checkedAt} and {@code ageMs}. Before a first result it says {@code UNKNOWN}
 * ({@code starting}); a check running for longer than its {@code timeout} is reported
 * {@code DOWN} ("no answer for N s") until it ends, and its own result then replaces that report.
 */
final class ScheduledCheck implements HealthIndicator {

	private final Supplier<CompletableFuture<Health>> check;

	private final Duration period;

	private final Duration timeout;

	/** Injected, so the period and the ages are tested by moving a clock rather than by sleeping. */
	private final Clock clock;

	private final Map<String, ?> details;

	/** Swapped whole, so a reader never takes a lock that a starting check might hold. */
	private final AtomicReference<State> state = new AtomicReference<>(State.NONE);

	/**
	 * @param check starts one check, handing the work to a probe thread, and completes with its health;
	 * may complete exceptionally
	 * @param period how often the check runs, from one start to the next
	 * @param timeout how long a running check may take before it is reported DOWN
	 * @param details what every report carries, such as the pool's name, also when the check failed
	 * @param clock when a check started and ended, and how long ago
	 */
	ScheduledCheck(Supplier<CompletableFuture<Health>> check, Duration period, Duration timeout, Map<String, ?> details,
			Clock clock) {
		this.check = check;
		this.period = period;
		this.timeout = timeout;
		this.clock = clock;
		this.details = details;
	}

	/** Starts the check unless one runs or the latest started less than a period ago; never waits for it. */
	void runIfDue() {
		Instant now = this.clock.instant();
		State current = this.state.get();
		if (current.running() || (current.startedAt() != null
				&& Duration.between(current.startedAt(), now).compareTo(this.period) < 0)) {
			return;
		}
		if (!this.state.compareAndSet(current, new State(current.last(), current.checkedAt(), now, true))) {
			return;
		}
		start().thenAccept(this::record);
	}

	@Override
	public Health health() {
		State current = this.state.get();
		Instant now = this.clock.instant();
		if (current.running()) {
			Duration waited = Duration.between(current.startedAt(), now);
			if (waited.compareTo(this.timeout) > 0) {
				Health.Builder down = Health.down().withDetails(this.details).withDetail("error", "no answer for "
						+ ((waited.toMillis() < 1_000) ? waited.toMillis() + " ms" : waited.toSeconds() + " s"));
				return withAge(down, current, now);
			}
		}
		if (current.last() == null) {
			return Health.unknown().withDetails(this.details).withDetail("state", "starting").build();
		}
		return withAge(Health.status(current.last().getStatus())
			.withDetails(this.details)
			.withDetails(current.last().getDetails()), current, now);
	}

	private static Health withAge(Health.Builder health, State state, Instant now) {
		if (state.checkedAt() != null) {
			health.withDetail("checkedAt", state.checkedAt().toString())
				.withDetail("ageMs", Duration.between(state.checkedAt(), now).toMillis());
		}
		return health.build();
	}

	private CompletableFuture<Health> start() {
		CompletableFuture<Health> started;
		try {
			started = this.check.get();
		}
		catch (RuntimeException ex) {
			started = CompletableFuture.failedFuture(ex);
		}
		return started.exceptionally(this::failed);
	}

	private void record(Health health) {
		Instant now = this.clock.instant();
		this.state.updateAndGet((current) -> new State(health, now, current.startedAt(), false));
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

	/**
	 * @param last the latest result, {@code null} before the first
	 * @param checkedAt when it came, {@code null} before the first
	 * @param startedAt when the latest check started, {@code null} before the first
	 * @param running whether that check is still under way
	 */
	private record State(Health last, Instant checkedAt, Instant startedAt, boolean running) {

		static final State NONE = new State(null, null, null, false);

	}

}
