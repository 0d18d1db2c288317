package dev.lookout.resilience;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every connection of the request pool held by long statements: requests that need the pool
 * are answered {@code DB_POOL_EXHAUSTED} within its bounded wait, leave no thread waiting behind
 * them, and do not open the breaker (the database is fine, only busy); panel results, which
 * never need the pool, keep coming.
 */
class ExhaustedRequestPoolFailsFastTest extends OutageScenario {

	private static final int CLIENTS = 12;

	@Autowired
	DataSource dataSource;

	@Test
	void requestsNeedingTheExhaustedPoolGetPoolExhaustedWithinTheBoundedWaitAndPileUpNoThreads() throws Exception {
		ExecutorService holders = Executors.newFixedThreadPool(POOL_SIZE);
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			for (int i = 0; i < POOL_SIZE; i++) {
				Connection held = this.dataSource.getConnection();
				// A long report of somebody's, beyond the request timeout on purpose.
				held.setNetworkTimeout(Runnable::run, 0);
				holders.submit(() -> {
					try (held; Statement statement = held.createStatement()) {
						statement.execute("SELECT pg_sleep(60)");
					}
					return null;
				});
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> runningSleeps() == POOL_SIZE);

			List<Future<Answer>> burst = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				burst.add(clients.submit(() -> asAdmin(NEEDS_DATABASE)));
			}
			List<Answer> answers = new ArrayList<>();
			for (Future<Answer> answer : burst) {
				answers.add(degraded(answer.get(10, TimeUnit.SECONDS), "DB_POOL_EXHAUSTED"));
			}
			System.out.println("Exhausted pool, " + CLIENTS + " concurrent requests: " + answers.stream()
				.map((answer) -> answer.took().toMillis() + " ms")
				.toList());
			assertThat(answers).allSatisfy((answer) -> {
				assertThat(answer.took()).as("waited for the pool, at most its bound")
					.isBetween(POOL_WAIT.minusMillis(50), POOL_WAIT.plusSeconds(1));
				assertThat(answer.retryAfter()).isEqualTo(1);
				assertThat(answer.body().path("detail").asString()).contains("all 3 request connections in use");
			});
			assertThat(requestThreadsWaitingOnTheDatabase()).as("request threads still waiting").isEmpty();
			assertThat(this.breakers.breaker(Breakers.APP_DATABASE).getState())
				.as("a busy pool is not a failing database")
				.isEqualTo(CircuitBreaker.State.CLOSED);

			Answer result = get(resultPath(this.panelIds.get(0)));
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.took()).isLessThan(Duration.ofMillis(200));
		}
		finally {
			cancelSleeps();
			holders.shutdown();
			clients.shutdown();
		}
		assertThat(holders.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
		Answer again = asAdmin(NEEDS_DATABASE);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.took()).isLessThan(POOL_WAIT);
	}

}
