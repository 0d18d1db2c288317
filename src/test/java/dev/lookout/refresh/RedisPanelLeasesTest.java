package dev.lookout.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Leases on a real Redis, each instance with its own connection: all of a round's panels claimed
 * in one command, the other holder's lease end told, and an answer (every panel ours) when
 * Redis is down or hangs, without the caller ever waiting for it.
 */
class RedisPanelLeasesTest {

	private static final TestRedis server = TestRedis.get();

	private static final Pattern EVAL_CALLS = Pattern.compile("cmdstat_eval:calls=(\\d+)");

	private final List<SharedRedis> connections = new ArrayList<>();

	private SharedRedis redis;

	@BeforeEach
	void connectAndForgetEarlierLeases() throws Exception {
		this.redis = connect();
		RedisAsyncCommands<byte[], byte[]> commands = this.redis.commands().orElseThrow();
		List<byte[]> keys = commands.keys(bytes(RedisPanelLeases.KEY_PREFIX + "*")).get();
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

	@Test
	void claimsEveryDuePanelInOneCommandAndHoldsEachForItsInterval() throws Exception {
		RedisPanelLeases leases = leasesOn(this.redis);
		List<PanelView> due = List.of(panel(1, Duration.ofSeconds(5)), panel(2, Duration.ofMinutes(1)),
				panel(3, Duration.ofHours(1)));
		long evalsBefore = evalCalls();
		Map<ViewKey, Instant> heldElsewhere = leases.claim(due, Instant.now()).toCompletableFuture().get();
		assertThat(heldElsewhere).isEmpty();
		assertThat(evalCalls() - evalsBefore).as("one EVAL for all three panels").isOne();

		RedisAsyncCommands<byte[], byte[]> commands = this.redis.commands().orElseThrow();
		for (PanelView view : due) {
			byte[] key = bytes(RedisPanelLeases.KEY_PREFIX + view.panelId());
			assertThat(new String(commands.get(key).get(), StandardCharsets.US_ASCII)).isEqualTo(this.redis.instanceId());
			assertThat(commands.pttl(key).get()).isBetween(view.spec().refreshInterval().toMillis() - 2000,
					view.spec().refreshInterval().toMillis());
		}
	}

	@Test
	void anotherInstanceGetsOnlyTheFreePanelsAndWhenTheOthersLeasesEnd() throws Exception {
		leasesOn(this.redis).claim(List.of(panel(1, Duration.ofSeconds(30))), Instant.now()).toCompletableFuture().get();
		RedisPanelLeases other = leasesOn(connect());
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		Map<ViewKey, Instant> heldElsewhere = other
			.claim(List.of(panel(1, Duration.ofSeconds(5)), panel(2, Duration.ofSeconds(5))), now)
			.toCompletableFuture()
			.get();
		assertThat(heldElsewhere).containsOnlyKeys(ViewKey.of(1));
		assertThat(heldElsewhere.get(ViewKey.of(1))).isBetween(now.plusSeconds(28), now.plusSeconds(30));
		// The lease is never released: not even its holder takes it again before it ends.
		assertThat(leasesOn(this.redis).claim(List.of(panel(2, Duration.ofSeconds(5))), now).toCompletableFuture().get())
			.containsOnlyKeys(ViewKey.of(2));
	}

	@Test
	void aLeaseThatExpiredIsTakenByTheNextClaim() throws Exception {
		leasesOn(this.redis).claim(List.of(panel(4, Duration.ofMillis(100))), Instant.now()).toCompletableFuture().get();
		RedisAsyncCommands<byte[], byte[]> commands = this.redis.commands().orElseThrow();
		await().atMost(Duration.ofSeconds(3)).until(() -> commands.exists(bytes(RedisPanelLeases.KEY_PREFIX + 4)).get() == 0);
		assertThat(leasesOn(connect()).claim(List.of(panel(4, Duration.ofSeconds(5))), Instant.now())
			.toCompletableFuture()
			.get()).isEmpty();
	}

	@Test
	void withRedisDownEveryPanelIsThisInstances() throws Exception {
		RedisPanelLeases leases = leasesOn(this.redis);
		server.stop();
		assertThat(leases.claim(List.of(panel(1, Duration.ofSeconds(5)), panel(2, Duration.ofSeconds(5))), Instant.now())
			.toCompletableFuture()
			.get()).isEmpty();
	}

	@Test
	void aHangingRedisNeverHoldsTheCallerAndEndsAsEveryPanelThisInstances() throws Exception {
		RedisPanelLeases leases = leasesOn(this.redis);
		server.pause();
		long started = System.nanoTime();
		CompletableFuture<Map<ViewKey, Instant>> claimed = leases
			.claim(List.of(panel(1, Duration.ofSeconds(5))), Instant.now())
			.toCompletableFuture();
		// Returned before the command timeout (500 ms here), which is what ends the wait.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
		assertThat(claimed).isNotDone();
		assertThat(claimed.get()).isEmpty();
	}

	@Test
	void noPanelsNoCommand() throws Exception {
		long evalsBefore = evalCalls();
		assertThat(leasesOn(this.redis).claim(List.of(), Instant.now()).toCompletableFuture().get()).isEmpty();
		assertThat(evalCalls()).isEqualTo(evalsBefore);
	}

	private SharedRedis connect() {
		SharedRedis connected = RedisClients.connected(server.url());
		this.connections.add(connected);
		return connected;
	}

	private static RedisPanelLeases leasesOn(SharedRedis redis) {
		return new RedisPanelLeases(new RedisCommands(redis, CircuitBreaker.ofDefaults(Breakers.REDIS)));
	}

	private long evalCalls() throws Exception {
		String stats = this.redis.commands().orElseThrow().info("commandstats").get();
		Matcher calls = EVAL_CALLS.matcher(stats);
		return calls.find() ? Long.parseLong(calls.group(1)) : 0;
	}

	private static PanelView panel(long id, Duration interval) {
		return PanelView.defaultOf(TestPanels.panel(id, "select " + id, interval));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
