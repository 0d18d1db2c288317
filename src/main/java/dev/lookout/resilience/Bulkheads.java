package dev.lookout.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bulkheads in front of connection pools: at most as many callers inside as the pool has
 * connections for them, and the others wait a bounded time for a place, then get
 * {@link PoolExhausted}. So waiting requests cannot pile up threads, and a full pool is told
 * apart from a database that cannot hand out connections.
 */
public final class Bulkheads {

	private final BulkheadRegistry registry = BulkheadRegistry.ofDefaults();

	Bulkheads(MeterRegistry meters) {
		TaggedBulkheadMetrics.ofBulkheadRegistry(this.registry).bindTo(meters);
	}

	/** A bulkhead under {@code name}, replacing one made earlier for a pool since resized. */
	public synchronized Bulkhead create(String name, int maxConcurrent, Duration maxWait) {
		this.registry.remove(name);
		return this.registry.bulkhead(name,
				BulkheadConfig.custom().maxConcurrentCalls(maxConcurrent).maxWaitDuration(maxWait).build());
	}

	/** Drops the named bulkhead and its meters: its pool is gone. */
	public void remove(String name) {
		this.registry.remove(name);
	}

	/**
	 * Takes a place, waiting at most the bulkhead's bounded wait.
	 * @param busy what stayed busy, for the client: "Data source 'Shop' has every connection for
	 * previews in use"
	 * @throws PoolExhausted when no place freed up in time
	 */
	public static Place enter(Bulkhead bulkhead, String busy) {
		if (!bulkhead.tryAcquirePermission()) {
			Duration waited = bulkhead.getBulkheadConfig().getMaxWaitDuration();
			throw new PoolExhausted(busy + " for " + waited.toMillis() + " ms; retry in a moment.", waited);
		}
		AtomicBoolean left = new AtomicBoolean();
		return () -> {
			if (left.compareAndSet(false, true)) {
				bulkhead.onComplete();
			}
		};
	}

	/** A place in a bulkhead; closing gives it back, once however often it is called. */
	@FunctionalInterface
	public interface Place extends AutoCloseable {

		@Override
		void close();

	}

}
