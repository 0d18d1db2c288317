package dev.lookout.tokens;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One thread for the writes no request should wait for (a token's last use, a refusal's audit
 * entry), with a bounded queue: when the database is slow, writes beyond it are dropped rather
 * than held in memory or pushed back onto the requests.
 */
final class BehindTheRequests {

	private static final Log logger = LogFactory.getLog(BehindTheRequests.class);

	private static final int QUEUE = 1_000;

	private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new ArrayBlockingQueue<>(QUEUE), (runnable) -> {
				Thread thread = new Thread(runnable, "token-writer");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.DiscardPolicy());

	void submit(String what, Runnable write) {
		this.executor.execute(() -> {
			try {
				write.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not write " + what + ": " + ex.getMessage());
			}
		});
	}

	/** Finishes what is queued, within {@code timeout}. */
	void stop(Duration timeout) throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
