package dev.lookout.refresh;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts events over the last minute, in one-second buckets, for a rate an operator can read
 * (Prometheus derives its own rates from the counter; the runtime page has no history to).
 * Lock-free: a bucket is reset by the first event of its new second.
 */
final class MinuteRate {

	private static final int SECONDS = 60;

	/** Per bucket: the epoch second it counts, and its count. */
	private final AtomicLongArray seconds = new AtomicLongArray(SECONDS);

	private final AtomicLongArray counts = new AtomicLongArray(SECONDS);

	void record(long epochSecond) {
		int bucket = (int) Math.floorMod(epochSecond, SECONDS);
		long held = this.seconds.get(bucket);
		if (held != epochSecond && this.seconds.compareAndSet(bucket, held, epochSecond)) {
			this.counts.set(bucket, 0);
		}
		this.counts.incrementAndGet(bucket);
	}

	/** Events in the minute up to {@code epochSecond}. */
	long lastMinute(long epochSecond) {
		long total = 0;
		for (int bucket = 0; bucket < SECONDS; bucket++) {
			long second = this.seconds.get(bucket);
			if (second > epochSecond - SECONDS && second <= epochSecond) {
				total += this.counts.get(bucket);
			}
		}
		return total;
	}

}
