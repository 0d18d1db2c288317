package dev.lookout.health;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * One daemon thread that runs a blocking probe, ended when idle. Each dependency gets its own,
 * so that a probe hung on one server never delays the probe of another; a {@link CachedCheck}
 * in front never starts two probes at once, so one thread is enough.
 */
final class ProbeThread implements AutoCloseable {

	private static final long IDLE_SECONDS = 30;

	private final ThreadPoolExecutor executor;

	ProbeThread(String namePrefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(namePrefix);
		threads.setDaemon(true);
		this.executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				threads);
		this.executor.allowCoreThreadTimeOut(true);
	}

	<T> CompletableFuture<T> run(Supplier<T> probe) {
		return CompletableFuture.supplyAsync(probe, this.executor);
	}

	/** Interrupts a probe under way; idempotent. */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
