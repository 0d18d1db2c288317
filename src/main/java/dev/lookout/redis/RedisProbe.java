package dev.lookout.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * Tells whether the Redis server answers a {@code PING} on a fresh connection, whatever the state
 * of the shared client: so the watchdog can tell a broken client from a Redis that is down or hung.
 * <p>
 * Through Lettuce, so TLS ({@code rediss://}), credentials and the database are handled as the
 * shared client handles them. A second, short-lived client of its own, on event loops of its own,
 * made for one probe and shut down after it: the probe judges the shared client, so it must not
 * share what may be broken there (a stuck event loop would make Redis look down, and the
 * reconnect that cures it would never run). It runs only while the shared client is disconnected.
 */
public final class RedisProbe {

	/** What {@code CLIENT LIST} shows for the probe's connection. */
	static final String CLIENT_NAME = SharedRedis.CLIENT_NAME + "-probe";

	private final RedisURI uri;

	RedisProbe(RedisURI uri) {
		this.uri = uri;
	}

	/**
	 * Whether the server answers within about {@code timeout} (to connect, then again to answer).
	 * An error reply counts as an answer: a server that wants another password still answers.
	 */
	public boolean answers(Duration timeout) {
		RedisURI probing = RedisURI.builder(this.uri).withClientName(CLIENT_NAME).withTimeout(timeout).build();
		ClientResources resources = DefaultClientResources.builder()
			.ioThreadPoolSize(1)
			.computationThreadPoolSize(1)
			.build();
		RedisClient client = RedisClient.create(resources, probing);
		client.setOptions(ClientOptions.builder()
			.autoReconnect(false)
			.socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().ping();
			return true;
		}
		catch (RuntimeException ex) {
			return answered(ex);
		}
		finally {
			client.shutdown(Duration.ZERO, timeout);
			resources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private static boolean answered(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof RedisCommandExecutionException) {
				return true;
			}
		}
		return false;
	}

}
