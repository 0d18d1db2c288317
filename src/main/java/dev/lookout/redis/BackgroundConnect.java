package dev.lookout.redis;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Opens one connection of a client in the background, retrying until it opens. Lettuce reconnects
 * an established connection by itself, but not a first connection that failed: this retries that
 * with the client's own reconnect backoff, on its own executor. A connection that opens after its
 * client was replaced or closed is dropped: only the current client's may be used.
 */
final class BackgroundConnect {

	private static final Log logger = LogFactory.getLog(SharedRedis.class);

	/** Whether a client is still the current, open one. */
	private final Predicate<RedisClient> current;

	/** Held while a connection that just opened is handed over, so that a close cannot slip in between. */
	private final Object lock;

	/** Where Redis is, for the log: never the password. */
	private final String location;

	BackgroundConnect(Predicate<RedisClient> current, Object lock, String location) {
		this.current = current;
		this.lock = lock;
		this.location = location;
	}

	/**
	 * @param owner the client to connect with
	 * @param what what the connection is for, for the log
	 * @param connecting starts one attempt
	 * @param opened receives the connection, under the lock, while its client is still current
	 */
	<C extends StatefulConnection<byte[], byte[]>> void open(RedisClient owner, String what,
			Function<RedisClient, ? extends CompletionStage<C>> connecting, Consumer<C> opened) {
		attempt(owner, 1, what, connecting, opened);
	}

	private <C extends StatefulConnection<byte[], byte[]>> void attempt(RedisClient owner, long attempt, String what,
			Function<RedisClient, ? extends CompletionStage<C>> connecting, Consumer<C> opened) {
		if (!this.current.test(owner)) {
			return;
		}
		connecting.apply(owner).whenComplete((connected, failure) -> {
			if (failure != null) {
				retry(owner, attempt, what, failure, () -> attempt(owner, attempt + 1, what, connecting, opened));
				return;
			}
			synchronized (this.lock) {
				if (!this.current.test(owner)) {
					connected.closeAsync();
					return;
				}
				opened.accept(connected);
			}
		});
	}

	private void retry(RedisClient owner, long attempt, String what, Throwable failure, Runnable again) {
		if (!this.current.test(owner)) {
			return;
		}
		Duration delay = owner.getResources().reconnectDelay().createDelay(attempt);
		String message = "Redis at " + this.location + " is not reachable for the " + what + " ("
				+ rootMessage(failure)
				+ "); retrying in the background, meanwhile Lookout serves what it holds in memory";
		if (attempt == 1) {
			logger.warn(message);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message + " (attempt " + attempt + ")");
		}
		try {
			owner.getResources().eventExecutorGroup().schedule(again, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closing: nothing to retry for.
		}
	}

	static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

}
