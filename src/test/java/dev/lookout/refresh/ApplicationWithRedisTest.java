package dev.lookout.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.lookout.LookoutApplication;
import dev.lookout.lifecycle.HookOutcome;
import dev.lookout.lifecycle.HookStatus;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.redis.RedisClients;
import dev.lookout.redis.SharedRedis;
import dev.lookout.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The whole application with {@code REDIS_URL} set: results land in Redis, and closing the
 * application stops the updater before Redis, leaving no thread and no Redis client of ours.
 */
class ApplicationWithRedisTest {

	private static final TestRedis server = TestRedis.get();

	@Test
	void keepsResultsInRedisAndStopsTheUpdaterBeforeClosingRedis() throws Exception {
		Set<Thread> earlier = RedisClients.liveThreads();
		// Arguments, not default properties: they must outrank application.yaml.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LookoutApplication.class,
				TestModules.class)
			.run("--lookout.redis.url=" + server.url(), "--server.port=0", "--lookout.refresh.tick-interval=250ms");
		ManagedResources registry = context.getBean(ManagedResources.class);
		try {
			ResultCache cache = context.getBean(ResultCache.class);
			assertThat(cache).isInstanceOf(RedisResultCache.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> cache.get(ViewKey.of(1)).isPresent());
			assertThat(inRedis(1)).isTrue();
			assertThat(RedisClients.clientNames(server.port())).contains(SharedRedis.CLIENT_NAME);
			assertThat(CacheUpdaterTest.refreshThreadsNotIn(earlier)).isNotEmpty();
			assertThat(registry.names()).containsSubsequence("cache-updater", "redis");
		}
		finally {
			context.close();
		}
		assertThat(registry.lastReport().orElseThrow().outcomes())
			.filteredOn((outcome) -> List.of("cache-updater", "redis").contains(outcome.name()))
			.extracting(HookOutcome::name, HookOutcome::status)
			.containsExactly(tuple("cache-updater", HookStatus.OK), tuple("redis", HookStatus.OK));
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
			assertThat(CacheUpdaterTest.refreshThreadsNotIn(earlier)).isEmpty();
			assertThat(RedisClients.clientThreadsNotIn(earlier)).isEmpty();
			assertThat(RedisClients.clientNames(server.port())).doesNotContain(SharedRedis.CLIENT_NAME);
		});
	}

	/** Asked through a connection of its own, closed before the application's close is checked. */
	private static boolean inRedis(long panelId) throws Exception {
		SharedRedis probe = RedisClients.connected(server.url());
		try {
			byte[] key = (RedisResultCache.KEY_PREFIX + panelId).getBytes(StandardCharsets.US_ASCII);
			return probe.commands().orElseThrow().exists(key).get() == 1;
		}
		finally {
			RedisClients.close(probe);
		}
	}

}
