package dev.lookout.notifications;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: before attempt {@code n + 1} (after {@code n} failed ones)
 * a row waits a random time between zero and {@code min(cap, base * 2^(n-1))}, so that the rows a
 * receiver's outage left behind do not all come back at the same instant.
 */
final class Backoff {

	private final Duration base;

	private final Duration cap;

	/** Given a bound, a random number in {@code [0, bound]}; a test fixes it. */
	private final LongUnaryOperator random;

	Backoff(Duration base, Duration cap, LongUnaryOperator random) {
		this.base = base;
		this.cap = cap;
		this.random = random;
	}

	static Backoff withRandomJitter(Duration base, Duration cap) {
		return new Backoff(base, cap,
				(bound) -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
	}

	/** The longest wait after {@code failedAttempts} failed attempts (1 or more). */
	Duration ceiling(int failedAttempts) {
		int doublings = Math.max(0, Math.min(failedAttempts - 1, 40));
		long millis = this.base.toMillis();
		long capMillis = this.cap.toMillis();
		for (int i = 0; i < doublings && millis < capMillis; i++) {
			millis *= 2;
		}
		return Duration.ofMillis(Math.min(millis, capMillis));
	}

	/** The wait after {@code failedAttempts} failed attempts: full jitter under {@link #ceiling}. */
	Duration delay(int failedAttempts) {
		long bound = ceiling(failedAttempts).toMillis();
		long chosen = this.random.applyAsLong(bound);
		return Duration.ofMillis(Math.max(0, Math.min(bound, chosen)));
	}

}
