package dev.lookout.redis;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps every channel subscription asked for, and makes each on a client's connection of its own:
 * on the current client when asked, and again on every new client (a reload, a reconnect), so that
 * subscriptions outlive the client they were first made on.
 */
final class RedisSubscriptions {

	private static final Log logger = LogFactory.getLog(SharedRedis.class);

	private final PerClient<Subscription> subscriptions = new PerClient<>(this::subscribe);

	private final RedisURI uri;

	private final BackgroundConnect connect;

	private final String location;

	RedisSubscriptions(RedisURI uri, BackgroundConnect connect, String location) {
		this.uri = uri;
		this.connect = connect;
		this.location = location;
	}

	/** Remembers the subscription and, when there is an open client, subscribes on it. */
	void add(String channel, Consumer<byte[]> listener, RedisClient open) {
		this.subscriptions.add(new Subscription(channel, listener), open);
	}

	/** Makes every subscription again, on a new client. */
	void renewOn(RedisClient client) {
		this.subscriptions.renewOn(client);
	}

	private void subscribe(RedisClient owner, Subscription subscription) {
		byte[] channel = subscription.channel().getBytes(StandardCharsets.US_ASCII);
		this.connect.open(owner, "subscription to " + subscription.channel(),
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

	private record Subscription(String channel, Consumer<byte[]> listener) {
	}

}
