package dev.lookout.testsupport;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TestRedisTest {

	private static final TestRedis redis = TestRedis.get();

	private RedisClient client;

	@BeforeEach
	void createClient() {
		RedisURI uri = RedisURI.create(redis.url());
		uri.setTimeout(Duration.ofSeconds(1));
		this.client = RedisClient.create(uri);
	}

	@AfterEach
	void leaveServerRunning() {
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		redis.resume();
		redis.start();
	}

	@Test
	void servesOnItsOwnLoopbackPort() {
		assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
		assertThat(redis.port()).isNotEqualTo(6379);
		try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			commands.set("harness", "works");
			assertThat(commands.get("harness")).isEqualTo("works");
			assertThat(commands.configGet("bind")).containsEntry("bind", "127.0.0.1");
		}
	}

	@Test
	void stopRefusesConnectionsAndStartServesAgain() {
		redis.stop();
		assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(this.client::connect);
		redis.start();
		try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
	}

	@Test
	void restartServesAnEmptyServer() {
		try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
			connection.sync().set("restarted", "gone");
		}
		redis.restart();
		try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
			assertThat(connection.sync().get("restarted")).isNull();
		}
	}

	@Test
	void pauseHangsCommandsAndResumeAnswersThem() {
		try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			redis.pause();
			long started = System.nanoTime();
			assertThatExceptionOfType(RedisCommandTimeoutException.class).isThrownBy(commands::ping);
			assertThat((System.nanoTime() - started) / 1_000_000).isBetween(900L, 5000L);
			redis.resume();
			assertThat(commands.ping()).isEqualTo("PONG");
		}
	}

}
