package dev.lookout.health;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.lookout.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The storm and hang shield around a costly check, on real futures and threads; the period by a fake clock. */
class CachedCheckTest {

	private final AtomicInteger started = new AtomicInteger();

	@Test
	void aResultIsReusedWithinThePeriodAndRefreshedAfterIt() {
		MutableClock clock = new MutableClock();
		CachedCheck check = new CachedCheck(() -> {
			this.started.incrementAndGet();
			return CompletableFuture.completedFuture(Health.up().build());
		}, Duration.ofMillis(300), Duration.ofSeconds(1), Map.of(), clock);
		for (int i = 0; i < 100; i++) {
			assertThat(check.health().getStatus()).isEqualTo(Status.UP);
		}
		assertThat(this.started).hasValue(1);
		clock.advance(Duration.ofMillis(299));
		check.health();
		assertThat(this.started).hasValue(1);
		clock.advance(Duration.ofMillis(101));
		check.health();
		assertThat(this.started).hasValue(2);
	}

	@Test
	void aHungCheckIsReportedDownAfterTheTimeoutAndNeverStartedTwice() throws Exception {
		CompletableFuture<Health> never = new CompletableFuture<>();
		CachedCheck check = new CachedCheck(() -> {
			this.started.incrementAndGet();
			return never;
		}, Duration.ofMillis(100), Duration.ofMillis(300), Map.of("pool", "p"), Clock.systemUTC());
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			long begun = System.nanoTime();
			List<Future<Health>> answers = IntStream.range(0, 8).mapToObj((i) -> callers.submit(() -> check.health())).toList();
			for (Future<Health> answer : answers) {
				Health health = answer.get();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("pool", "p")
					.containsEntry("error", "no answer within 300 ms");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofMillis(1_000));
			// Past its timeout and period, still running: answered at once, not started again.
			long again = System.nanoTime();
			assertThat(check.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(100));
			assertThat(this.started).hasValue(1);
		}
		finally {
			callers.shutdownNow();
		}
		never.complete(Health.up().build());
		assertThat(check.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aFailedCheckIsDownWithItsErrorAndTheGivenDetails() {
		CachedCheck check = new CachedCheck(() -> CompletableFuture.failedFuture(new IllegalStateException("refused")),
				Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of("pool", "p"), new MutableClock());
		Health health = check.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("pool", "p")
			.containsEntry("error", "IllegalStateException: refused");
	}

}
