package dev.lookout.refresh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import dev.lookout.redis.SharedRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;

/** How the refresh module talks to Redis: through the {@code redis} breaker, never waiting while disconnected. */
final class RedisCommands {

	private final SharedRedis redis;

	private final CircuitBreaker breaker;

	RedisCommands(SharedRedis redis, CircuitBreaker breaker) {
		this.redis = redis;
		this.breaker = breaker;
	}

	/**
	 * Sends a command through the breaker, which counts how it ends; refused at once while the
	 * breaker is open. Not being connected counts as a failure too: Redis is not there.
	 */
	<T> CompletionStage<T> send(Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
		return this.breaker.executeCompletionStage(() -> this.redis.commands()
			.<CompletionStage<T>>map(command)
			.orElseGet(() -> CompletableFuture.failedFuture(new RedisConnectionException("Not connected to Redis"))));
	}

	String instanceId() {
		return this.redis.instanceId();
	}

}
