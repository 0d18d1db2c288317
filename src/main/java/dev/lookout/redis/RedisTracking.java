package dev.lookout.redis;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps every key tracking asked for, each on a connection of its own, with Redis's server-assisted
 * client-side caching in broadcast mode ({@code CLIENT TRACKING ON BCAST PREFIX ...}, RESP3 push
 * messages): on the current client when asked, and again on every new client and after every
 * reconnect, since Redis forgets the tracking with the connection and Lettuce does not renew it.
 * Between a lost connection and a renewed tracking the owner is told that changes may be missed.
 */
final class RedisTracking {

	private static final Log logger = LogFactory.getLog(SharedRedis.class);

	private static final String INVALIDATE = "invalidate";

	private final PerClient<Tracking> trackings = new PerClient<>(this::start);

	private final RedisURI uri;

	private final BackgroundConnect connect;

	private final String location;

	RedisTracking(RedisURI uri, BackgroundConnect connect, String location) {
		this.uri = uri;
		this.connect = connect;
		this.location = location;
	}

	/** Remembers the tracking and, when there is an open client, starts it on it. */
	void add(String prefix, KeyInvalidations owner, RedisClient open) {
		this.trackings.add(new Tracking(prefix, owner), open);
	}

	/** Starts every tracking again, on a new client. */
	void renewOn(RedisClient client) {
		this.trackings.renewOn(client);
	}

	private void start(RedisClient owner, Tracking tracking) {
		this.connect.open(owner, "key tracking of " + tracking.prefix(),
				(client) -> client.connectAsync(ByteArrayCodec.INSTANCE, this.uri),
				(StatefulRedisConnection<byte[], byte[]> connection) -> {
					connection.addListener((PushMessage message) -> onPush(message, tracking.owner()));
					owner.addListener(new RedisConnectionStateListener() {
						@Override
						public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
							if (handler == connection) {
								tracking.owner().lost();
							}
						}

						@Override
						public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
							if (handler == connection) {
								enable(connection, tracking);
							}
						}
					});
					enable(connection, tracking);
				});
	}

	private void enable(StatefulRedisConnection<byte[], byte[]> connection, Tracking tracking) {
		connection.async()
			.clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes(tracking.prefix()))
			.whenComplete((ok, failure) -> {
				if (failure != null) {
					// The connection is being lost: its reconnect enables the tracking again.
					logger.warn("Could not track the keys " + tracking.prefix() + "* at " + this.location + " ("
							+ BackgroundConnect.rootMessage(failure) + ")");
					return;
				}
				tracking.owner().tracking();
				logger.info("Tracking the keys " + tracking.prefix() + "* at " + this.location);
			});
	}

	private static void onPush(PushMessage message, KeyInvalidations owner) {
		if (!INVALIDATE.equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent(RedisTracking::text);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (keys instanceof List<?> list) {
			owner.changed(list.stream().map(String::valueOf).toList());
		}
		else {
			owner.changed(null);
		}
	}

	private static Object text(ByteBuffer bytes) {
		return StandardCharsets.UTF_8.decode(bytes).toString();
	}

	private record Tracking(String prefix, KeyInvalidations owner) {
	}

}
