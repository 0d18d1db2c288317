package dev.lookout.resilience;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import dev.lookout.redis.RedisClients;
import dev.lookout.redis.SharedRedis;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.testsupport.TestRedis;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What breakers count, judged on failures real servers produce. */
class InfrastructureFailuresTest {

	@Test
	void anAnswerFromTheDatabaseNeverCountsEvenAnError() throws Exception {
		TestPostgres postgres = TestPostgres.get();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TEMPORARY TABLE once (id int PRIMARY KEY)");
			statement.execute("INSERT INTO once VALUES (1)");
			assertNotCounted(catchThrowable(() -> statement.execute("SELEC 1")));
			assertNotCounted(catchThrowable(() -> statement.execute("SELECT * FROM no_such_table")));
			assertNotCounted(catchThrowable(() -> statement.execute("INSERT INTO once VALUES (1)")));
			statement.execute("SET statement_timeout = 50");
			Throwable timedOut = catchThrowable(() -> statement.execute("SELECT pg_sleep(1)"));
			assertThat(((SQLException) timedOut).getSQLState()).as("query_canceled").isEqualTo("57014");
			assertNotCounted(timedOut);
		}
	}

	@Test
	void aRefusedConnectionCounts() throws Exception {
		int unused;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			unused = socket.getLocalPort();
		}
		Throwable refused = catchThrowable(
				() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + unused + "/nothing", "nobody", "x"));
		assertThat(((SQLException) refused).getSQLState()).startsWith("08");
		assertThat(InfrastructureFailures.counts(refused)).isTrue();
		assertThat(InfrastructureFailures.counts(new IllegalStateException("wrapped", refused))).isTrue();
	}

	@Test
	void redisCountsWhenItDoesNotAnswerNotWhenItAnswersAnError() throws Exception {
		TestRedis server = TestRedis.get();
		SharedRedis redis = RedisClients.connected(server.url());
		try {
			RedisAsyncCommands<byte[], byte[]> commands = redis.commands().orElseThrow();
			commands.set(bytes("lookout:test:string"), bytes("x")).get();
			ExecutionException wrongType = (ExecutionException) catchThrowable(
					() -> commands.lpush(bytes("lookout:test:string"), bytes("y")).get());
			assertNotCounted(wrongType.getCause());
			server.pause();
			ExecutionException timedOut = (ExecutionException) catchThrowable(
					() -> commands.get(bytes("lookout:test:string")).get());
			assertThat(timedOut.getCause().getClass().getSimpleName()).isEqualTo("RedisCommandTimeoutException");
			assertThat(InfrastructureFailures.counts(timedOut)).isTrue();
		}
		finally {
			server.resume();
			RedisClients.close(redis);
		}
	}

	@Test
	void lookoutsOwnLimitsAreIgnoredHoweverTheyAreWrapped() {
		PoolExhausted exhausted = new PoolExhausted("busy", Duration.ofSeconds(1));
		CircuitOpen open = new CircuitOpen("The application database", Duration.ofSeconds(3));
		for (Throwable own : new Throwable[] { exhausted, open,
				new SQLTransientConnectionException(exhausted.getMessage(), exhausted) }) {
			assertThat(InfrastructureFailures.isOwnLimit(own)).as("%s", own).isTrue();
			assertThat(InfrastructureFailures.counts(own)).as("%s", own).isFalse();
		}
	}

	private static void assertNotCounted(Throwable failure) {
		assertThat(failure).isInstanceOf(Exception.class);
		assertThat(InfrastructureFailures.counts(failure)).as("%s", failure).isFalse();
		assertThat(InfrastructureFailures.isOwnLimit(failure)).as("%s", failure).isFalse();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
