package dev.lookout.redis;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The process's one connection to Redis, named {@value #CLIENT_NAME} so that
 * {@code CLIENT LIST} tells our connections apart. It connects in the background and
 * reconnects by itself; while it is not connected {@link #commands()} is empty at once, so a
 * caller falls back to what it holds instead of waiting for Redis.
 * <p>
 * A raw Lettuce client rather than Spring Data's connection factory: the factory opens its
 * shared connection on the caller's thread under a lock, so with Redis down every request
 * would queue behind connection attempts, and its own lifecycle would close it outside the
 * shutdown registry's order.
 * <p>
 * Subscriptions ({@link #subscribe}) need a connection of their own, since a subscribed
 * connection takes no other command; it comes from the same client, with the same name, and
 * closes with it. Lettuce subscribes again by itself after a reconnect.
 */
public final class SharedRedis {

	/** What {@code CLIENT LIST} shows as {@code name} for our connections. */
	public static final String CLIENT_NAME = "lookout";

	/** Enough for the event loops to finish the close handshake; the registry bounds the hook anyway. */
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(SharedRedis.class);

	private final RedisClient client;

	private final RedisURI uri;

	/** Where Redis is, for the log: never the password. */
	private final String location;

	/** Tells this process's messages and leases apart from those of other instances. */
	private final String instanceId = UUID.randomUUID().toString();

	private volatile StatefulRedisConnection<byte[], byte[]> connection;

	private volatile boolean closed;

	SharedRedis(RedisURI uri, Duration connectTimeout, Duration commandTimeout) {
		// Lettuce bounds the connection handshake with the URI's timeout: give it the connect
		// timeout, since a handshake cut short races with its own success and leaves a closed
		// connection. Commands get theirs from the timeout options.
		this.uri = RedisURI.builder(uri).withClientName(CLIENT_NAME).withTimeout(connectTimeout).build();
		this.location = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/"
				+ uri.getDatabase();
		this.client = RedisClient.create(this.uri);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			// Fail at once while disconnected instead of queueing commands until they time out.
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
			.timeoutOptions(TimeoutOptions.enabled(commandTimeout))
			.build());
	}

	/**
	 * The shared connection's commands, keys and values as bytes; empty while not connected.
	 * A command fails after {@code REDIS_COMMAND_TIMEOUT}, or at once if the connection drops
	 * meanwhile: callers treat a failed command as Redis being unavailable.
	 */
	public Optional<RedisAsyncCommands<byte[], byte[]>> commands() {
		StatefulRedisConnection<byte[], byte[]> current = this.connection;
		return (current != null && current.isOpen()) ? Optional.of(current.async()) : Optional.empty();
	}

	public boolean isConnected() {
		return commands().isPresent();
	}

	/** This process's identity among the instances sharing Redis; random, new at every start. */
	public String instanceId() {
		return this.instanceId;
	}

	/** Publishes {@code message} on {@code channel} without waiting; a message sent while Redis is away is lost. */
	public void publish(String channel, byte[] message) {
		commands().ifPresent((commands) -> commands.publish(channel.getBytes(StandardCharsets.US_ASCII), message));
	}

	/**
	 * Delivers every message published on {@code channel} to {@code listener}, on a Redis I/O
	 * thread (the listener must hand work off rather than block). Connects in the background,
	 * retrying until Redis answers; after a reconnect the subscription is renewed. Messages
	 * published while the connection is down are lost.
	 */
	public void subscribe(String channel, Consumer<byte[]> listener) {
		byte[] name = channel.getBytes(StandardCharsets.US_ASCII);
		connect(1, "subscription to " + channel, () -> this.client.connectPubSubAsync(ByteArrayCodec.INSTANCE, this.uri),
				(StatefulRedisPubSubConnection<byte[], byte[]> subscribed) -> {
					subscribed.addListener(new RedisPubSubAdapter<>() {
						@Override
						public void message(byte[] from, byte[] message) {
							listener.accept(message);
						}
					});
					subscribed.async().subscribe(name);
					logger.info("Subscribed to " + channel + " at " + this.location);
				});
	}

	/** Starts connecting in the background; returns at once. */
	void connect() {
		connect(1, "connection", () -> this.client.connectAsync(ByteArrayCodec.INSTANCE, this.uri), this::opened);
	}

	/** Closes the connection and stops every thread of the client; idempotent. */
	void close() {
		this.closed = true;
		this.client.shutdown(Duration.ZERO, CLOSE_TIMEOUT);
	}

	/**
	 * Lettuce reconnects an established connection by itself, but not a first connection that
	 * failed: retry that with the client's own reconnect backoff, on its own executor.
	 */
	private <C extends StatefulConnection<byte[], byte[]>> void connect(long attempt, String what,
			Supplier<? extends CompletionStage<C>> connecting, Consumer<C> opened) {
		if (this.closed) {
			return;
		}
		connecting.get().whenComplete((BiConsumer<C, Throwable>) (connected, failure) -> {
			if (failure != null) {
				retry(attempt, what, failure, () -> connect(attempt + 1, what, connecting, opened));
			}
			else if (this.closed) {
				connected.closeAsync();
			}
			else {
				opened.accept(connected);
			}
		});
	}

	private void opened(StatefulRedisConnection<byte[], byte[]> connected) {
		this.connection = connected;
		logger.info("Connected to Redis at " + this.location + " as instance " + this.instanceId);
	}

	private void retry(long attempt, String what, Throwable failure, Runnable again) {
		if (this.closed) {
			return;
		}
		Duration delay = this.client.getResources().reconnectDelay().createDelay(attempt);
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
			this.client.getResources().eventExecutorGroup().schedule(again, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closing: nothing to retry for.
		}
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

}
