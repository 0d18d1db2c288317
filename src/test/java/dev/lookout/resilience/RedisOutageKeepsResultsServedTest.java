package dev.lookout.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.lookout.testsupport.TestRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis frozen, then gone: panel results keep coming from the in-process copy, each read as
 * fast as before; the {@code redis} breaker opens so that nothing waits on Redis at all, the
 * updater keeps refreshing, and once Redis is back the breaker closes again.
 */
class RedisOutageKeepsResultsServedTest extends OutageScenario {

	private static final int READS = 200;

	/** The command timeout (the default): a read that took this long might have waited for Redis. */
	private static final Duration REDIS_WAIT = Duration.ofMillis(500);

	private final TestRedis redis = TestRedis.get();

	@Test
	void resultsKeepBeingServedFromMemoryWhileRedisHangsOrIsDown() throws Exception {
		long panel = this.panelIds.get(0);
		CircuitBreaker breaker = this.breakers.breaker(Breakers.REDIS);
		try {
			this.redis.pause();
			assertReadsAreFast(panel);
			// Revalidations and writes time out after 500 ms each, in the background, until it opens.
			await().atMost(Duration.ofSeconds(15)).until(() -> {
				get(resultPath(panel));
				return breaker.getState() == CircuitBreaker.State.OPEN;
			});
			assertReadsAreFast(panel);

			this.redis.stop();
			Instant asOf = Instant.parse(get(resultPath(panel)).body().path("asOf").asString());
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(Instant.parse(get(resultPath(panel)).body().path("asOf").asString()))
					.as("the updater keeps refreshing")
					.isAfter(asOf));
			assertReadsAreFast(panel);
		}
		finally {
			this.redis.resume();
			this.redis.start();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			get(resultPath(panel));
			return breaker.getState() == CircuitBreaker.State.CLOSED;
		});
	}

	private void assertReadsAreFast(long panel) throws Exception {
		List<Duration> took = new ArrayList<>();
		for (int i = 0; i < READS; i++) {
			Answer answer = get(resultPath(panel));
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body().path("status").asString()).isEqualTo("ok");
			took.add(answer.took());
		}
		took.sort(Comparator.naturalOrder());
		Duration p95 = took.get(READS * 95 / 100);
		Duration slowest = took.get(READS - 1);
		System.out.println("Redis down or hung: " + READS + " result reads, p95 " + p95.toMillis() + " ms, slowest "
				+ slowest.toMillis() + " ms");
		assertThat(p95).isLessThan(Duration.ofMillis(50));
		assertThat(slowest).isLessThan(REDIS_WAIT);
	}

}
