package dev.lookout.lifecycle;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One lifecycle's shutdown: exactly one caller claims the run, every caller gets its
 * report. Kept apart from the registry so that a new lifecycle is a new instance.
 */
final class ShutdownOnce {

	private final AtomicBoolean claimed = new AtomicBoolean();

	private final CompletableFuture<ShutdownReport> report = new CompletableFuture<>();

	/** True for the one caller that must run the hooks. */
	boolean claim() {
		return this.claimed.compareAndSet(false, true);
	}

	boolean isClaimed() {
		return this.claimed.get();
	}

	void complete(ShutdownReport report) {
		this.report.complete(report);
	}

	/** Releases the waiting callers when the run itself broke, so none of them hangs. */
	void fail(Throwable failure) {
		this.report.completeExceptionally(failure);
	}

	/** Waits for the claimed run; uninterruptibly, because the run is bounded by its budget. */
	ShutdownReport await() {
		return this.report.join();
	}

	Optional<ShutdownReport> report() {
		if (!this.report.isDone() || this.report.isCompletedExceptionally()) {
			return Optional.empty();
		}
		return Optional.of(this.report.join());
	}

}
