package dev.lookout.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import io.lettuce.core.RedisClient;

/**
 * What must be made again on every new client (a subscription, a key tracking): kept as asked,
 * made on the current client at once when there is one, and on each new client (a reload, the
 * watchdog's reconnect), so that it outlives the client it was first made on.
 */
final class PerClient<T> {

	private final List<T> asked = new CopyOnWriteArrayList<>();

	private final BiConsumer<RedisClient, T> make;

	/** @param make makes one on a client, in the background */
	PerClient(BiConsumer<RedisClient, T> make) {
		this.make = make;
	}

	/** Remembers {@code one} and, when there is an open client, makes it on it. */
	void add(T one, RedisClient open) {
		this.asked.add(one);
		if (open != null) {
			this.make.accept(open, one);
		}
	}

	/** Makes every one again, on a new client. */
	void renewOn(RedisClient client) {
		this.asked.forEach((one) -> this.make.accept(client, one));
	}

}
