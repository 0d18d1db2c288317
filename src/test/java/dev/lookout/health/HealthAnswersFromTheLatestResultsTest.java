package dev.lookout.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lookout.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scheduled check on a real schedule and probe thread, its period and ages by a fake clock: a
 * reader never starts or waits for a check, a hung one is DOWN past its timeout, and it runs again
 * when due.
 */
class HealthAnswersFromTheLatestResultsTest {

	private static final Duration PERIOD = Duration.ofSeconds(1);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	/** Well under a period of the fake clock: the schedule asks often, the clock decides. */
	private static final Duration TICK = Duration.ofMillis(10);

	private final AtomicInteger started = new AtomicInteger();

	private final MutableClock clock = new MutableClock();

	@Test
	void beforeAFirstResultTheComponentIsStartingAndReadingStartsNothing() {
		ScheduledCheck check = new ScheduledCheck(this::counted, PERIOD, TIMEOUT, Map.of("pool", "p"), this.clock);
		for (int i = 0; i < 100; i++) {
			Health health = check.health();
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.getDetails()).containsEntry("pool", "p").containsEntry("state", "starting");
		}
		assertThat(this.started).hasValue(0);
	}

	@Test
	void theAgeGrowsWithTheClockAndTheCheckRunsAgainEachPeriod() {
		try (HealthSchedule schedule = new HealthSchedule(TICK)) {
			ScheduledCheck check = schedule
				.add(new ScheduledCheck(this::counted, PERIOD, TIMEOUT, Map.of("pool", "p"), this.clock));
			await().atMost(Duration.ofSeconds(5)).until(() -> check.health().getStatus().equals(Status.UP));
			assertThat(check.health().getDetails()).containsEntry("pool", "p")
				.containsEntry("ageMs", 0L)
				.containsEntry("checkedAt", this.clock.instant().toString());
			this.clock.advance(Duration.ofMillis(700));
			assertThat(check.health().getDetails()).containsEntry("ageMs", 700L);
			// Asked again and again within the period: not run again.
			for (int i = 0; i < 100; i++) {
				check.runIfDue();
			}
			assertThat(this.started).hasValue(1);
			this.clock.advance(Duration.ofMillis(300));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.started.get() == 2);
			await().atMost(Duration.ofSeconds(5)).until(() -> check.health().getDetails().get("ageMs").equals(0L));
		}
	}

	@Test
	void aHungCheckIsDownWithNoAnswerPastItsTimeoutAndIsNeverStartedTwice() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (HealthSchedule schedule = new HealthSchedule(TICK); ProbeThread prober = new ProbeThread("test-probe-")) {
			ScheduledCheck check = schedule.add(new ScheduledCheck(() -> {
				this.started.incrementAndGet();
				return prober.run(() -> {
					hold(release);
					return Health.up().build();
				});
			}, PERIOD, TIMEOUT, Map.of("pool", "p"), this.clock));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.started.get() == 1);
			// Running, within its timeout, never answered yet: starting, at once.
			assertThat(check.health().getStatus()).isEqualTo(Status.UNKNOWN);
			this.clock.advance(TIMEOUT.plusMillis(1_500));
			long begun = System.nanoTime();
			Health health = check.health();
			assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofMillis(50));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("pool", "p").containsEntry("error", "no answer for 3 s");
			// Past its period many times over, still running: not started again.
			this.clock.advance(PERIOD.multipliedBy(10));
			for (int i = 0; i < 100; i++) {
				check.runIfDue();
			}
			assertThat(this.started).hasValue(1);
			assertThat(check.health().getDetails()).containsEntry("error", "no answer for 13 s");
			release.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> check.health().getStatus().equals(Status.UP));
			assertThat(check.health().getDetails()).containsEntry("ageMs", 0L);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aFailedCheckIsDownWithItsErrorAndTheGivenDetails() {
		ScheduledCheck check = new ScheduledCheck(() -> CompletableFuture.failedFuture(new IllegalStateException("refused")),
				PERIOD, TIMEOUT, Map.of("pool", "p"), this.clock);
		check.runIfDue();
		Health health = check.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("pool", "p")
			.containsEntry("error", "IllegalStateException: refused")
			.containsEntry("ageMs", 0L);
	}

	private CompletableFuture<Health> counted() {
		this.started.incrementAndGet();
		return CompletableFuture.completedFuture(Health.up().build());
	}

	private static void hold(CountDownLatch latch) {
		try {
			latch.await(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
