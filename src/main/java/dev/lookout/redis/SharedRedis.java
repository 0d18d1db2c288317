package dev.lookout.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

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

import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

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
 */
public final class SharedRedis {

	/** What {@code CLIENT LIST} shows as {@code name} for our connections. */
	public static final String CLIENT_NAME = "lookout";

	/** Enough for the event loops to finish the close handshake; the registry bounds the hook anyway. */
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(SharedRedis.class);

	/** Replaced on each start: a shut-down client cannot be reused. */
	private volatile RedisClient client;

	private final Duration connectTimeout;

	private final Duration commandTimeout;

	private final RedisURI uri;

	/** Where Redis is, for the log: never the password. */
	private final String location;

	/** Tells this process's messages and leases apart from those of other instances. */
	private final String instanceId = UUID.randomUUID().toString();

	/** Every subscription asked for, made again on each new client: they outlive a reload. */
	private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

	private volatile StatefulRedisConnection<byte[], byte[]> connection;

	/** Completed once the first connection attempt of the current client has ended, either way. */
	private volatile CompletableFuture<Void> firstAttempt = CompletableFuture.completedFuture(null);

	private volatile boolean closed;

	SharedRedis(RedisURI uri, Duration connectTimeout, Duration commandTimeout) {
		// Lettuce bounds the connection handshake with the URI's timeout: give it the connect
		// timeout, since a handshake cut short races with its own success and leaves a closed
		// connection. Commands get theirs from the timeout options.
		this.uri = RedisURI.builder(uri).withClientName(CLIENT_NAME).withTimeout(connectTimeout).build();
		this.location = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/"
				+ uri.getDatabase();
		this.connectTimeout = connectTimeout;
		this.commandTimeout = commandTimeout;
		this.closed = true;
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

	/**
	 * Whether the client is closed by its owner (the shutdown registry, during a reload or at the
	 * end), as opposed to open and connected or waiting for Redis: not an outage of Redis.
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Whether connected, after waiting (at most {@code REDIS_COMMAND_TIMEOUT}) for the first
	 * connection attempt of a client just started, by the application's start or a reload, to end.
	 * For a caller for whom "not yet connected" right after a start must not pass for an outage
	 * (sessions: it would sign everybody out). A lost connection being re-established is not waited for.
	 */
	public boolean awaitConnection() {
		if (isConnected()) {
			return true;
		}
		try {
			this.firstAttempt.get(this.commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		return isConnected();
	}

	/** This process's identity among the instances sharing Redis; random, new at every start of the process. */
	public String instanceId() {
		return this.instanceId;
	}

	/** Publishes {@code message} on {@code channel} without waiting; a message sent while Redis is away is lost. */
	public void publish(String channel, byte[] message) {
		commands().ifPresent((commands) -> commands.publish(channel.getBytes(StandardCharsets.US_ASCII), message));
	}

	/**
	 * Delivers every message published on {@code channel} to {@code listener}, on a Redis I/O
	 * thread (the listener must hand work off rather than block). Subscribes on a connection of
	 * its own in the background, retrying until Redis answers; Lettuce renews it after a
	 * reconnect, and a new client (reload, watchdog) subscribes again. Messages published while
	 * the connection is down are lost.
	 */
	public synchronized void subscribe(String channel, Consumer<byte[]> listener) {
		Subscription subscription = new Subscription(channel, listener);
		this.subscriptions.add(subscription);
		if (!this.closed) {
			subscribe(this.client, subscription);
		}
	}

	/** Where Redis is, for logs and the runtime page: never the password. */
	public String location() {
		return this.location;
	}

	/**
	 * Whether the server answers a {@code PING} on a fresh connection of its own, whatever the
	 * state of our client: tells a broken client from a Redis that is down or hung. Plain
	 * connections only; over TLS it answers false, and nothing is done on its word.
	 */
	public boolean answers(Duration timeout) {
		if (this.uri.isSsl()) {
			return false;
		}
		int millis = (int) Math.max(1, timeout.toMillis());
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.uri.getHost(), this.uri.getPort()), millis);
			socket.setSoTimeout(millis);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			int first = socket.getInputStream().read();
			// +PONG, or -NOAUTH from a server that wants a password: it answers either way.
			return first == '+' || first == '-';
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Closes the client and starts a new one: what helps when the connection stays broken while
	 * the server answers (a half-open socket, a stuck event loop). Called by the watchdog.
	 */
	public void reconnect() {
		close();
		connect();
	}

	/** Starts a new client connecting in the background, unless one is open; returns at once. */
	synchronized void connect() {
		if (!this.closed) {
			return;
		}
		RedisClient created = RedisClient.create(this.uri);
		created.setOptions(clientOptions());
		this.client = created;
		this.closed = false;
		CompletableFuture<Void> attempted = new CompletableFuture<>();
		this.firstAttempt = attempted;
		connect(created, 1, "connection",
				(owner) -> owner.connectAsync(ByteArrayCodec.INSTANCE, this.uri).whenComplete((connected, failure) -> {
					if (failure != null) {
						attempted.complete(null);
					}
				}), (connected) -> {
					opened(connected);
					attempted.complete(null);
				});
		this.subscriptions.forEach((subscription) -> subscribe(created, subscription));
	}

	/**
	 * A Spring Data connection factory to the same server, under the same name, with the same
	 * timeouts and the same refusal to queue commands while disconnected, for a library that needs
	 * one (Spring Session). Not started; the caller starts and stops it through the shutdown
	 * registry. It connects on the calling thread when first used, so callers use it only while
	 * {@link #isConnected()}: then Redis answers and connecting is quick.
	 */
	public LettuceConnectionFactory connectionFactory() {
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
			.clientName(CLIENT_NAME)
			.commandTimeout(this.commandTimeout)
			.clientOptions(clientOptions());
		if (this.uri.isSsl()) {
			client.useSsl();
		}
		return new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(this.uri),
				client.build());
	}

	private ClientOptions clientOptions() {
		return ClientOptions.builder()
			.autoReconnect(true)
			// Fail at once while disconnected instead of queueing commands until they time out.
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(this.connectTimeout).build())
			.timeoutOptions(TimeoutOptions.enabled(this.commandTimeout))
			.build();
	}

	/**
	 * Closes the connection and stops every thread of the client; idempotent. The shutdown waits
	 * outside the lock: the client's event loop may need it to drop a connection that just opened.
	 */
	void close() {
		RedisClient closing;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.connection = null;
			closing = this.client;
			this.firstAttempt.complete(null);
		}
		closing.shutdown(Duration.ZERO, CLOSE_TIMEOUT);
	}

	private void subscribe(RedisClient owner, Subscription subscription) {
		byte[] channel = subscription.channel().getBytes(StandardCharsets.US_ASCII);
		connect(owner, 1, "subscription to " + subscription.channel(),
				(client) -> client.connectPubSubAsync(ByteArrayCodec.INSTANCE, this.uri),
				(StatefulRedisPubSubConnection<byte[], byte[]> subscribed) -> {
					subscribed.addListener(new RedisPubSubAdapter<>() {
						@Override
						public void message(byte[] from, byte[] message) {
							subscription.listener().accept(message);
						}
					});
					subscribed.async().subscribe(channel);
					logger.info("Subscribed to " + subscription.channel() + " at " + this.location);
				});
	}

	/**
	 * Lettuce reconnects an established connection by itself, but not a first connection that
	 * failed: retry that with the client's own reconnect backoff, on its own executor. A
	 * connection that opens after its client was replaced or closed is dropped: only the current
	 * client's may be used.
	 */
	private <C extends StatefulConnection<byte[], byte[]>> void connect(RedisClient owner, long attempt, String what,
			Function<RedisClient, ? extends CompletionStage<C>> connecting, Consumer<C> opened) {
		if (this.client != owner || this.closed) {
			return;
		}
		connecting.apply(owner).whenComplete((connected, failure) -> {
			if (failure != null) {
				retry(owner, attempt, what, failure,
						() -> connect(owner, attempt + 1, what, connecting, opened));
				return;
			}
			synchronized (this) {
				if (this.client != owner || this.closed) {
					connected.closeAsync();
					return;
				}
				opened.accept(connected);
			}
		});
	}

	private void opened(StatefulRedisConnection<byte[], byte[]> connected) {
		this.connection = connected;
		logger.info("Connected to Redis at " + this.location + " as instance " + this.instanceId);
	}

	private void retry(RedisClient owner, long attempt, String what, Throwable failure, Runnable again) {
		if (this.client != owner || this.closed) {
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

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	private record Subscription(String channel, Consumer<byte[]> listener) {
	}

}
