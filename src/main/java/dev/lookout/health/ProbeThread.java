package dev.lookout.health;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * One daemon thread that runs a blocking probe, ended when idle. Each dependency gets its own,
 * so that a probe hung on one server never delays the probe of another; a {@link ScheduledCheck}
 * in front never starts two probes at once, so one thread is enough. Closed and opened again by
 * the shutdown registry, like the pools it probes.
 */
final class ProbeThread implements AutoCloseable {

	private static final long IDLE_SECONDS = 30;

	private final String namePrefix;

	/** Replaced on each open: a shut-down executor cannot be reused. */
	private volatile ThreadPoolExecutor executor;

	ProbeThread(String namePrefix) {
		this.namePrefix = namePrefix;
		open();
	}

	/** Fails the probe at once while closed, as a probe of a stopped resource should. */
	<T> CompletableFuture<T> run(Supplier<T> probe) {
		return CompletableFuture.supplyAsync(probe, this.executor);
	}

	/** Starts a fresh executor unless one is open. */
	synchronized void open() {
		if (this.executor != null && !this.executor.isShutdown()) {
			return;
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory(this.namePrefix);
		threads.setDaemon(true);
		ThreadPoolExecutor created = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), threads);
		created.allowCoreThreadTimeOut(true);
		this.executor = created;
	}

	/** Interrupts a probe under way; idempotent. */
	@Override
	public synchronized void close() {
		this.executor.shutdownNow();
	}

}
