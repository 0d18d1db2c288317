package dev.lookout.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

import io.lettuce.core.SetArgs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Panel leases in Redis: {@code SET lookout:lease:<panel> <instance> NX PX <interval>}. When
 * Redis cannot answer, this instance refreshes the panel itself: during an outage the instances
 * each run the query (more database load for a while) rather than all serving stale data.
 */
final class RedisPanelLeases implements PanelLeases {

	static final String KEY_PREFIX = "lookout:lease:";

	private static final Log logger = LogFactory.getLog(RedisPanelLeases.class);

	private final RedisCommands redis;

	private final byte[] holder;

	/** Logs the start of an outage once, not every round. */
	private volatile boolean unavailable;

	RedisPanelLeases(RedisCommands redis) {
		this.redis = redis;
		this.holder = redis.instanceId().getBytes(StandardCharsets.US_ASCII);
	}

	@Override
	public Optional<Instant> claim(long panelId, Duration interval, Instant now) {
		byte[] key = (KEY_PREFIX + panelId).getBytes(StandardCharsets.US_ASCII);
		try {
			String taken = this.redis.send((commands) -> commands.set(key, this.holder,
					SetArgs.Builder.nx().px(interval.toMillis())))
				.toCompletableFuture()
				.get();
			if ("OK".equals(taken)) {
				available();
				return Optional.empty();
			}
			Long left = this.redis.send((commands) -> commands.pttl(key)).toCompletableFuture().get();
			available();
			// Expired between the two commands (-2), or somehow without expiry (-1): try next round.
			return Optional.of((left != null && left > 0) ? now.plusMillis(left) : now);
		}
		catch (ExecutionException | CancellationException ex) {
			if (!this.unavailable) {
				this.unavailable = true;
				logger.warn("Panel leases cannot be taken in Redis (" + ex.getCause()
						+ "); this instance refreshes every panel itself until Redis answers again");
			}
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.of(now);
		}
	}

	private void available() {
		if (this.unavailable) {
			this.unavailable = false;
			logger.info("Panel leases are taken in Redis again");
		}
	}

}
