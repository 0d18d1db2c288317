package dev.lookout.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Manages the process's one Redis client and its shared connection: connect, close, reconnect.
 * <p>
 * The client's connections are named {@value #CLIENT_NAME} so that {@code CLIENT LIST} tells ours
 * apart. It connects in the background and reconnects by itself; while it is not connected
 * {@link #commands()} is empty at once, so a caller falls back to what it holds instead of waiting
 * for Redis. Subscriptions ({@link RedisSubscriptions}) and Spring Session's connection factory
 * ({@link SharedConnectionFactory}) use this same client; the liveness probe ({@link RedisProbe})
 * deliberately does not.
 * <p>
 * A raw Lettuce client rather than Spring Data's connection factory: the factory opens its
 * shared connection on the caller's thread under a lock, so with Redis down every request
 * would queue behind connection attempts, and its own lifecycle would close it outside the
 * managed resources' order.
 */
public final class SharedRedis {

	/** What {@code CLIENT LIST} shows as {@code name} for our connections. */
	public static final String CLIENT_NAME = "lookout";

	/** Enough for the event loops to finish the close handshake; the managed resources bound the close anyway. */
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
	private final RedisSubscriptions subscriptions;

	private final RedisTracking trackings;

	private final BackgroundConnect background;

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
		this.background = new BackgroundConnect((owner) -> this.client == owner && !this.closed, this, this.location);
		this.subscriptions = new RedisSubscriptions(this.uri, this.background, this.location);
		this.trackings = new RedisTracking(this.uri, this.background, this.location);
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
	 * Whether the client is closed by its owner (the managed resources, during a reload or at the
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
		this.subscriptions.add(channel, listener, this.closed ? null : this.client);
	}

	/**
	 * Reports every change to the keys under {@code prefix} to {@code owner}, as Redis's
	 * server-assisted client-side caching does (broadcast mode), for a local copy of them that stays
	 * true: on a connection of its own, made in the background and again after a reconnect or on a
	 * new client; {@link KeyInvalidations#lost()} says when changes may go unreported.
	 */
	public synchronized void track(String prefix, KeyInvalidations owner) {
		this.trackings.add(prefix, owner, this.closed ? null : this.client);
	}

	/** Where Redis is, for logs and the runtime page: never the password. */
	public String location() {
		return this.location;
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
		this.background.open(created, "connection",
				(owner) -> owner.connectAsync(ByteArrayCodec.INSTANCE, this.uri).whenComplete((connected, failure) -> {
					if (failure != null) {
						attempted.complete(null);
					}
				}), (connected) -> {
					opened(connected);
					attempted.complete(null);
				});
		this.subscriptions.renewOn(created);
		this.trackings.renewOn(created);
	}

	/**
	 * Spring Data's view of this client's shared connection, for a library that needs a
	 * connection factory (Spring Session): no second client. Nothing to start or stop: it follows
	 * this client through reloads. A connection asked for while not connected fails at once as an
	 * outage, so callers use it only while {@link #isConnected()}.
	 */
	public RedisConnectionFactory connectionFactory() {
		return new SharedConnectionFactory(this, this.commandTimeout, this.uri.getDatabase());
	}

	/** The shared connection while it is open, with the client it belongs to; for the connection factory. */
	Optional<Connected> connected() {
		// No lock: request threads ask for it, and a connection of a client replaced meanwhile fails like a lost one.
		StatefulRedisConnection<byte[], byte[]> current = this.connection;
		RedisClient owner = this.client;
		return (current != null && current.isOpen()) ? Optional.of(new Connected(current, owner)) : Optional.empty();
	}

	/** The server as the client reaches it (TLS and credentials included), for the probe to reach it the same way. */
	RedisURI uri() {
		return this.uri;
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

	private void opened(StatefulRedisConnection<byte[], byte[]> connected) {
		this.connection = connected;
		logger.info("Connected to Redis at " + this.location + " as instance " + this.instanceId);
	}

	/** The shared connection and the client it belongs to. */
	record Connected(StatefulRedisConnection<byte[], byte[]> connection, RedisClient client) {
	}

}
