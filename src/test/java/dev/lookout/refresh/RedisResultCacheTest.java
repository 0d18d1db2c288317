package dev.lookout.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.lookout.redis.RedisClients;
import dev.lookout.redis.SharedRedis;
import dev.lookout.resilience.Breakers;
import dev.lookout.testsupport.TestRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The result cache contract on a real Redis, where a fresh reader is another instance with its
 * own connection; and what only a shared cache must do: let instances see each other's results,
 * and keep serving when Redis is down or hangs.
 */
class RedisResultCacheTest extends ResultCacheContract {

	private static final TestRedis server = TestRedis.get();

	private final List<SharedRedis> connections = new ArrayList<>();

	private SharedRedis redis;

	private RedisResultCache cache;

	@BeforeEach
	void connectAndForgetEarlierResults() throws Exception {
		this.redis = connect();
		this.cache = cacheOn(this.redis, RedisResultCache.REVALIDATE_AFTER);
		RedisAsyncCommands<byte[], byte[]> commands = this.redis.commands().orElseThrow();
		List<byte[]> keys = commands.keys(bytes(RedisResultCache.KEY_PREFIX + "*")).get();
		if (!keys.isEmpty()) {
			commands.del(keys.toArray(byte[][]::new)).get();
		}
	}

	@AfterEach
	void closeAndLeaveServerRunning() {
		server.resume();
		server.start();
		this.connections.forEach(RedisClients::close);
	}

	@Override
	ResultCache cache() {
		return this.cache;
	}

	@Override
	ResultCache freshReader() {
		return cacheOn(connect(), RedisResultCache.REVALIDATE_AFTER);
	}

	@Test
	void storesUnderItsPrefixWithALongExpiry() {
		this.cache.put(ViewKey.of(11), result(11, 1, "eleven"));
		RedisAsyncCommands<byte[], byte[]> commands = this.redis.commands().orElseThrow();
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(commands.ttl(bytes("lookout:result:11")).get())
				.isGreaterThan(Duration.ofDays(29).toSeconds()));
	}

	@Test
	void anotherInstanceSeesANewerResultWithinTheRevalidationPeriod() {
		RedisResultCache other = cacheOn(connect(), Duration.ofMillis(200));
		this.cache.put(ViewKey.of(12), result(12, 1, "one"));
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertVersion(other, 12, 1));
		this.cache.put(ViewKey.of(12), result(12, 2, "two"));
		long written = System.nanoTime();
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertVersion(other, 12, 2));
		assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void anOlderResultInRedisNeverReplacesANewerOneHeld() {
		RedisResultCache other = cacheOn(connect(), Duration.ZERO);
		other.put(ViewKey.of(13), result(13, 5, "five"));
		// Writes of two instances travel on two connections: let the first land before the second.
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertVersion(freshReader(), 13, 5));
		this.cache.put(ViewKey.of(13), result(13, 3, "three"));
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertVersion(freshReader(), 13, 3));
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertVersion(other, 13, 5));
	}

	@Test
	void servesItsCopyWhileRedisIsDownAndWritesToItOnceItIsBack() {
		this.cache.put(ViewKey.of(14), result(14, 1, "one"));
		server.stop();
		await().atMost(Duration.ofSeconds(3)).until(() -> !this.redis.isConnected());
		long started = System.nanoTime();
		for (int i = 0; i < 100; i++) {
			assertVersion(this.cache, 14, 1);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(200));
		this.cache.put(ViewKey.of(14), result(14, 2, "two"));
		assertVersion(this.cache, 14, 2);
		assertThat(this.cache.get(ViewKey.of(15))).isEmpty();

		server.start();
		await().atMost(Duration.ofSeconds(10)).until(this.redis::isConnected);
		this.cache.put(ViewKey.of(14), result(14, 3, "three"));
		ResultCache reader = freshReader();
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertVersion(reader, 14, 3));
	}

	@Test
	void answersAtOnceWhileRedisHangsAndWaitsNoLongerThanTheCommandTimeoutForWhatItLacks() {
		RedisResultCache revalidatingEveryRead = cacheOn(this.redis, Duration.ZERO);
		revalidatingEveryRead.put(ViewKey.of(16), result(16, 1, "one"));
		server.pause();
		long started = System.nanoTime();
		for (int i = 0; i < 200; i++) {
			assertVersion(revalidatingEveryRead, 16, 1);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
		started = System.nanoTime();
		assertThat(revalidatingEveryRead.get(ViewKey.of(17))).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300),
				Duration.ofSeconds(3));
	}

	@Test
	void whileTheBreakerIsOpenNothingWaitsForRedisAndNothingIsWritten() throws Exception {
		CircuitBreaker breaker = CircuitBreaker.ofDefaults(Breakers.REDIS);
		RedisResultCache guarded = cacheOn(this.redis, breaker, Duration.ZERO);
		guarded.put(ViewKey.of(18), result(18, 1, "one"));
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertVersion(freshReader(), 18, 1));
		server.pause();
		breaker.transitionToOpenState();
		long started = System.nanoTime();
		for (int i = 0; i < 200; i++) {
			assertVersion(guarded, 18, 1);
			assertThat(guarded.get(ViewKey.of(19))).isEmpty();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(200));
		guarded.put(ViewKey.of(18), result(18, 2, "two"));
		assertVersion(guarded, 18, 2);
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isGreaterThanOrEqualTo(201);

		server.resume();
		breaker.transitionToClosedState();
		assertThat(freshReader().get(ViewKey.of(18))).hasValueSatisfying((found) -> assertThat(found.resultVersion())
			.as("the write made while the breaker was open was skipped")
			.isEqualTo(1));
	}

	private SharedRedis connect() {
		SharedRedis connected = RedisClients.connected(server.url());
		this.connections.add(connected);
		return connected;
	}

	private static RedisResultCache cacheOn(SharedRedis redis, Duration revalidateAfter) {
		return cacheOn(redis, CircuitBreaker.ofDefaults(Breakers.REDIS), revalidateAfter);
	}

	private static RedisResultCache cacheOn(SharedRedis redis, CircuitBreaker breaker, Duration revalidateAfter) {
		return new RedisResultCache(new RedisCommands(redis, breaker), Clock.systemUTC(), revalidateAfter);
	}

	private static void assertVersion(ResultCache cache, long panelId, long version) {
		assertThat(cache.get(ViewKey.of(panelId))).hasValueSatisfying((found) -> assertThat(found.resultVersion()).isEqualTo(version));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
