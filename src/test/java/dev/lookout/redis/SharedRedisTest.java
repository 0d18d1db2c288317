package dev.lookout.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.lookout.lifecycle.HookStatus;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.lifecycle.ReloadCoordinators;
import dev.lookout.lifecycle.ShutdownReport;
import dev.lookout.lifecycle.ShutdownSettings;
import dev.lookout.testsupport.AppProcess;
import dev.lookout.testsupport.TestRedis;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The shared Redis connection on a real Redis: named, bounded, reconnecting, and gone after its hook. */
@ExtendWith(OutputCaptureExtension.class)
class SharedRedisTest {

	private static final TestRedis server = TestRedis.get();

	private final Set<Thread> earlierThreads = RedisClients.liveThreads();

	private final ManagedResources registry = new ManagedResources(
			new ShutdownSettings(Duration.ofSeconds(10), Duration.ofSeconds(5)), Clock.systemUTC());

	private final ReloadCoordinator reloads = ReloadCoordinators.ready(this.registry);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(RedisConfiguration.class)
		.withBean(ManagedResources.class, () -> this.registry);

	@AfterEach
	void closeClientAndLeaveServerRunning() {
		server.resume();
		server.start();
		this.registry.shutdown("test over");
	}

	@Test
	void withoutUrlThereIsNoClient() {
		this.runner.withPropertyValues("lookout.redis.url=").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(SharedRedis.class);
			assertThat(this.registry.names()).isEmpty();
		});
	}

	@Test
	void connectsUnderItsNameAndItsHookLeavesNoClientAndNoThread() {
		this.runner.withPropertyValues("lookout.redis.url=" + server.url()).run((context) -> {
			SharedRedis redis = context.getBean(SharedRedis.class);
			await().atMost(Duration.ofSeconds(5)).until(redis::isConnected);
			assertThat(redis.commands().orElseThrow().ping().get()).isEqualTo("PONG");
			assertThat(RedisClients.clientNames(server.port())).contains(SharedRedis.CLIENT_NAME);
			assertThat(RedisClients.clientThreadsNotIn(this.earlierThreads)).isNotEmpty();
			assertThat(this.registry.names()).containsExactly("redis");

			ShutdownReport report = this.registry.shutdown("test");

			assertThat(report.outcomes()).singleElement().satisfies((outcome) -> {
				assertThat(outcome.name()).isEqualTo("redis");
				assertThat(outcome.status()).isEqualTo(HookStatus.OK);
			});
			assertThat(redis.isConnected()).isFalse();
			await().atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(RedisClients.clientNames(server.port()))
					.doesNotContain(SharedRedis.CLIENT_NAME));
			await().atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(RedisClients.clientThreadsNotIn(this.earlierThreads)).isEmpty());
		});
	}

	@Test
	void startsWhileRedisIsDownAndConnectsOnceItIsUp() {
		server.stop();
		this.runner.withPropertyValues("lookout.redis.url=" + server.url()).run((context) -> {
			assertThat(context).hasNotFailed();
			SharedRedis redis = context.getBean(SharedRedis.class);
			assertThat(redis.commands()).isEmpty();
			server.start();
			await().atMost(Duration.ofSeconds(10)).until(redis::isConnected);
			assertThat(RedisClients.clientNames(server.port())).contains(SharedRedis.CLIENT_NAME);
		});
	}

	@Test
	void aCallerMayWaitForTheFirstConnectionAfterAReloadButNotForRedisBeingDown() {
		this.runner.withPropertyValues("lookout.redis.url=" + server.url()).run((context) -> {
			SharedRedis redis = context.getBean(SharedRedis.class);
			for (int i = 0; i < 20; i++) {
				this.reloads.reload("test");
				// Asked at once: the new client is still connecting, and is waited for.
				assertThat(redis.awaitConnection()).isTrue();
			}
			server.stop();
			this.reloads.reload("test");
			long started = System.nanoTime();
			assertThat(redis.awaitConnection()).isFalse();
			assertThat(redis.awaitConnection()).isFalse();
			// Refused connections end the first attempt at once: no command timeout is spent.
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));
		});
	}

	@Test
	void reconnectsUnderItsNameAfterARestart() {
		this.runner.withPropertyValues("lookout.redis.url=" + server.url()).run((context) -> {
			SharedRedis redis = context.getBean(SharedRedis.class);
			await().atMost(Duration.ofSeconds(5)).until(redis::isConnected);
			server.restart();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(RedisClients.clientNames(server.port()))
					.contains(SharedRedis.CLIENT_NAME));
			await().atMost(Duration.ofSeconds(5)).until(redis::isConnected);
			assertThat(redis.commands().orElseThrow().ping().get()).isEqualTo("PONG");
		});
	}

	@Test
	void commandsToAHungRedisTimeOutWithinTheCommandTimeout() {
		this.runner
			.withPropertyValues("lookout.redis.url=" + server.url(), "lookout.redis.command-timeout=300ms")
			.run((context) -> {
				SharedRedis redis = context.getBean(SharedRedis.class);
				await().atMost(Duration.ofSeconds(5)).until(redis::isConnected);
				server.pause();
				long started = System.nanoTime();
				RedisFuture<String> ping = redis.commands().orElseThrow().ping();
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> ping.get(5, TimeUnit.SECONDS))
					.withCauseInstanceOf(RedisCommandTimeoutException.class);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250),
						Duration.ofSeconds(2));
			});
	}

	@Test
	void logsWhereRedisIsButNeverItsPassword(CapturedOutput output) {
		int nobodyListens = AppProcess.freePort();
		this.runner.withPropertyValues("lookout.redis.url=redis://:pa55-s3cret@127.0.0.1:" + nobodyListens)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("is not reachable"));
				assertThat(output.getOut()).contains("127.0.0.1:" + nobodyListens).doesNotContain("pa55-s3cret");
			});
	}

	@Test
	void timeoutsOutOfRangeAreRefused() {
		this.runner.withPropertyValues("lookout.redis.url=" + server.url(), "lookout.redis.command-timeout=10ms")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("lookout.redis.url=" + server.url(), "lookout.redis.connect-timeout=1m")
			.run((context) -> assertThat(context).hasFailed());
	}

}
