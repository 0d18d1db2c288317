package dev.lookout.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.lookout.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class ManagedResourcesTest {

	private static final Duration LONG = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock();

	/** Released after each test so that no hung hook thread outlives it. */
	private final CountDownLatch never = new CountDownLatch(1);

	private ManagedResources registry(Duration budget, Duration hookTimeout) {
		return new ManagedResources(new ShutdownSettings(budget, hookTimeout), this.clock);
	}

	@AfterEach
	void releaseHungHooks() {
		this.never.countDown();
	}

	@Test
	void runsHooksByOrderAndEqualOrdersByRegistration() {
		ManagedResources registry = registry(LONG, LONG);
		List<String> ran = Collections.synchronizedList(new ArrayList<>());
		registry.register("redis", ShutdownOrder.REDIS, () -> ran.add("redis"));
		registry.register("cache-updater", ShutdownOrder.CACHE_UPDATER, () -> ran.add("cache-updater"));
		registry.register("health-pool", ShutdownOrder.HEALTH_POOL, () -> ran.add("health-pool"));
		registry.register("realtime-sync", ShutdownOrder.REALTIME_SYNC, () -> ran.add("realtime-sync"));
		registry.register("second-redis", ShutdownOrder.REDIS, () -> ran.add("second-redis"));

		assertThat(registry.names()).containsExactly("cache-updater", "realtime-sync", "redis", "second-redis",
				"health-pool");
		ShutdownReport report = registry.shutdown("test");

		assertThat(ran).containsExactly("cache-updater", "realtime-sync", "redis", "second-redis", "health-pool");
		assertThat(report.outcomes()).extracting(HookOutcome::name, HookOutcome::order, HookOutcome::status)
			.containsExactly(tuple("cache-updater", 100, HookStatus.OK), tuple("realtime-sync", 200, HookStatus.OK),
					tuple("redis", 300, HookStatus.OK), tuple("second-redis", 300, HookStatus.OK),
					tuple("health-pool", 600, HookStatus.OK));
	}

	@Test
	void runsEachHookOnItsOwnNamedDaemonThread() {
		ManagedResources registry = registry(LONG, LONG);
		AtomicReference<Thread> seen = new AtomicReference<>();
		registry.register("redis", ShutdownOrder.REDIS, () -> seen.set(Thread.currentThread()));

		registry.shutdown("test");

		assertThat(seen.get()).isNotSameAs(Thread.currentThread());
		assertThat(seen.get().getName()).isEqualTo("lookout-shutdown-redis");
		assertThat(seen.get().isDaemon()).isTrue();
	}

	@Test
	void leavesNoHookThreadBehindOnceTheHooksFinish() {
		ManagedResources registry = registry(LONG, LONG);
		registry.register("leak-check-first", 1, () -> {
		});
		registry.register("leak-check-second", 2, () -> {
			throw new IllegalStateException("failed");
		});

		registry.shutdown("test");

		// A finished hook's thread may still be returning from run(): wait for it to end, within bounds.
		await().atMost(Duration.ofSeconds(5)).until(() -> liveThreadsNamed("lookout-shutdown-leak-check-").isEmpty());
	}

	@Test
	void measuresDurationsWithTheClock() {
		ManagedResources registry = registry(LONG, LONG);
		registry.register("first", 1, () -> this.clock.advance(Duration.ofMillis(30)));
		registry.register("second", 2, () -> this.clock.advance(Duration.ofMillis(70)));

		ShutdownReport report = registry.shutdown("test");

		assertThat(report.outcomes()).extracting(HookOutcome::duration)
			.containsExactly(Duration.ofMillis(30), Duration.ofMillis(70));
		assertThat(report.total()).isEqualTo(Duration.ofMillis(100));
		assertThat(report.describe()).startsWith("Shutdown (test) finished in 100ms:")
			.contains("first", "second", "OK", "30ms", "70ms");
	}

	@Test
	void abandonsAHungHookAfterItsTimeoutAndRunsTheRest() throws InterruptedException {
		ManagedResources registry = registry(LONG, LONG);
		CountDownLatch interrupted = new CountDownLatch(1);
		AtomicBoolean laterRan = new AtomicBoolean();
		registry.register("hung", 1, Duration.ofMillis(200), () -> {
			try {
				this.never.await();
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
			}
		});
		registry.register("later", 2, () -> laterRan.set(true));

		long started = System.nanoTime();
		ShutdownReport report = registry.shutdown("test");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(5));
		assertThat(report.outcomes()).extracting(HookOutcome::name, HookOutcome::status, HookOutcome::detail)
			.containsExactly(tuple("hung", HookStatus.TIMEOUT, "abandoned after 200ms"), tuple("later", HookStatus.OK, ""));
		assertThat(laterRan).isTrue();
		assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("hung hook interrupted").isTrue();
	}

	@Test
	void usesTheConfiguredHookTimeoutWhenNoneIsGiven() {
		ManagedResources registry = registry(LONG, Duration.ofMillis(100));
		registry.register("hung", 1, () -> this.never.await());

		ShutdownReport report = registry.shutdown("test");

		assertThat(report.outcomes()).singleElement()
			.satisfies((outcome) -> assertThat(outcome.status()).isEqualTo(HookStatus.TIMEOUT))
			.satisfies((outcome) -> assertThat(outcome.detail()).isEqualTo("abandoned after 100ms"));
	}

	@Test
	void skipsTheHooksLeftOnceTheBudgetIsSpent() {
		ManagedResources registry = registry(Duration.ofSeconds(1), LONG);
		AtomicInteger skippedRuns = new AtomicInteger();
		registry.register("first", 1, () -> this.clock.advance(Duration.ofMillis(600)));
		registry.register("second", 2, () -> this.clock.advance(Duration.ofMillis(600)));
		registry.register("third", 3, skippedRuns::incrementAndGet);
		registry.register("fourth", 4, skippedRuns::incrementAndGet);

		ShutdownReport report = registry.shutdown("test");

		assertThat(skippedRuns).hasValue(0);
		assertThat(report.outcomes()).extracting(HookOutcome::name, HookOutcome::status, HookOutcome::duration)
			.containsExactly(tuple("first", HookStatus.OK, Duration.ofMillis(600)),
					tuple("second", HookStatus.OK, Duration.ofMillis(600)),
					tuple("third", HookStatus.SKIPPED, Duration.ZERO), tuple("fourth", HookStatus.SKIPPED, Duration.ZERO));
		assertThat(report.outcomes().get(2).detail()).isEqualTo("budget of 1000ms spent");
		assertThat(report.total()).isEqualTo(Duration.ofMillis(1200));
	}

	@Test
	void waitsForAHookNoLongerThanTheBudgetLeft() {
		ManagedResources registry = registry(Duration.ofSeconds(1), LONG);
		registry.register("spender", 1, () -> this.clock.advance(Duration.ofMillis(850)));
		registry.register("hung", 2, LONG, () -> this.never.await());

		long started = System.nanoTime();
		ShutdownReport report = registry.shutdown("test");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
		assertThat(report.outcomes().get(1)).extracting(HookOutcome::status, HookOutcome::detail)
			.containsExactly(HookStatus.TIMEOUT, "abandoned after 150ms");
	}

	@Test
	void reportsAFailingHookAndRunsTheRest() {
		ManagedResources registry = registry(LONG, LONG);
		AtomicBoolean laterRan = new AtomicBoolean();
		registry.register("broken", 1, () -> {
			throw new IllegalStateException("pool already closed");
		});
		registry.register("later", 2, () -> laterRan.set(true));

		ShutdownReport report = registry.shutdown("test");

		assertThat(laterRan).isTrue();
		assertThat(report.outcomes()).extracting(HookOutcome::name, HookOutcome::status, HookOutcome::detail)
			.containsExactly(tuple("broken", HookStatus.FAILED, "pool already closed"), tuple("later", HookStatus.OK, ""));
		assertThat(report.describe()).contains("FAILED", "pool already closed");
	}

	@Test
	void runsHooksOnceAndReturnsTheSameReportToLaterCallers() {
		ManagedResources registry = registry(LONG, LONG);
		AtomicInteger runs = new AtomicInteger();
		registry.register("counted", 1, runs::incrementAndGet);
		assertThat(registry.lastReport()).isEmpty();

		ShutdownReport first = registry.shutdown("first");
		ShutdownReport second = registry.shutdown("second");

		assertThat(runs).hasValue(1);
		assertThat(second).isSameAs(first);
		assertThat(first.reason()).isEqualTo("first");
		assertThat(registry.lastReport()).containsSame(first);
	}

	@Test
	void runsHooksOnceForConcurrentCallersWhoAllGetTheSameReport() throws Exception {
		ManagedResources registry = registry(LONG, LONG);
		int callers = 8;
		Set<Thread> calling = ConcurrentHashMap.newKeySet();
		List<AtomicInteger> runs = List.of(new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
		for (int i = 0; i < runs.size(); i++) {
			AtomicInteger counter = runs.get(i);
			registry.register("hook-" + i, i, () -> {
				counter.incrementAndGet();
				// Every caller has arrived and waits (for this run, or for its report) while it is under way.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> calling.size() == callers && calling.stream().allMatch(ManagedResourcesTest::waiting));
			});
		}
		CountDownLatch gate = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<ShutdownReport>> reports = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				reports.add(executor.submit(() -> {
					gate.await();
					calling.add(Thread.currentThread());
					return registry.shutdown("concurrent");
				}));
			}
			gate.countDown();
			ShutdownReport first = reports.get(0).get(10, TimeUnit.SECONDS);
			for (Future<ShutdownReport> report : reports) {
				assertThat(report.get(10, TimeUnit.SECONDS)).isSameAs(first);
			}
			assertThat(runs).allSatisfy((counter) -> assertThat(counter).hasValue(1));
			assertThat(first.outcomes()).extracting(HookOutcome::status).containsOnly(HookStatus.OK).hasSize(3);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static boolean waiting(Thread thread) {
		Thread.State state = thread.getState();
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
	}

	private static List<String> liveThreadsNamed(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith(prefix))
			.toList();
	}

	@Test
	void refusesADuplicateName() {
		ManagedResources registry = registry(LONG, LONG);
		registry.register("redis", ShutdownOrder.REDIS, () -> {
		});

		assertThatIllegalArgumentException().isThrownBy(() -> registry.register("redis", 1, () -> {
		})).withMessageContaining("'redis'").withMessageContaining("already registered");
		assertThat(registry.names()).containsExactly("redis");
	}

	@Test
	void refusesATimeoutThatIsNotPositive() {
		ManagedResources registry = registry(LONG, LONG);

		assertThatIllegalArgumentException().isThrownBy(() -> registry.register("redis", 1, Duration.ZERO, () -> {
		})).withMessage("timeout of shutdown hook 'redis' must be greater than 0ms, but was 0ms");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> registry.register("redis", 1, Duration.ofSeconds(-1), () -> {
			}))
			.withMessage("timeout of shutdown hook 'redis' must be greater than 0ms, but was -1000ms");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register("redis", 1, null, () -> {
		})).withMessage("timeout of shutdown hook 'redis' must be greater than 0ms, but was null");
		assertThat(registry.names()).isEmpty();
	}

	@Test
	void refusesABlankNameAndAMissingAction() {
		ManagedResources registry = registry(LONG, LONG);

		assertThatIllegalArgumentException().isThrownBy(() -> registry.register(" ", 1, () -> {
		})).withMessageContaining("name").withMessageContaining("blank");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.register("redis", 1, null))
			.withMessage("action of shutdown hook 'redis' must not be null");
		assertThat(registry.names()).isEmpty();
	}

	@Test
	void refusesARegistrationAfterShutdownBegan() {
		ManagedResources registry = registry(LONG, LONG);
		registry.shutdown("test");

		assertThatIllegalStateException().isThrownBy(() -> registry.register("late", 1, () -> {
		})).withMessageContaining("'late'");
	}

	@Test
	void reportsNoHooksWhenNoneAreRegistered() {
		ShutdownReport report = registry(LONG, LONG).shutdown("test");

		assertThat(report.outcomes()).isEmpty();
		assertThat(report.describe()).isEqualTo("Shutdown (test) finished in 0ms: no hooks registered");
	}

}
