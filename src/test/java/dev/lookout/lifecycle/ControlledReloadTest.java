package dev.lookout.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.lookout.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The reload coordinator stopping and starting the restartable resources of a registry. */
class ControlledReloadTest {

	private static final Duration LONG = Duration.ofSeconds(30);

	private final ManagedResources registry = new ManagedResources(new ShutdownSettings(LONG, LONG),
			new MutableClock());

	/** Readiness events go nowhere: no context here. */
	private final ReloadCoordinator reloads = new ReloadCoordinator(this.registry, (event) -> {
	}, LONG);

	@BeforeEach
	void ready() {
		this.reloads.ready();
	}

	private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

	@Test
	void stopsRestartableHooksInOrderThenStartsThemInReverseAndLeavesTheOthersRunning() {
		restartable("cache-updater", ShutdownOrder.CACHE_UPDATER);
		this.registry.register("demo-simulator", ShutdownOrder.DEMO_SIMULATOR, () -> this.ran.add("stop demo"));
		restartable("redis", ShutdownOrder.REDIS);
		restartable("health-pool", ShutdownOrder.HEALTH_POOL);

		ReloadReport report = this.reloads.reload("test");

		assertThat(this.ran).containsExactly("stop cache-updater", "stop redis", "stop health-pool",
				"start health-pool", "start redis", "start cache-updater");
		assertThat(report.succeeded()).isTrue();
		assertThat(report.describe()).contains("Reload (test) succeeded", "Stop (test)", "Start (test)");
		assertThat(this.reloads.lastReload()).contains(report);
		assertThat(this.registry.restartableNames()).containsExactly("cache-updater", "redis", "health-pool");
	}

	@Test
	void reloadsAgainAndAgainAndTheShutdownStillRunsEveryHookOnce() {
		restartable("redis", ShutdownOrder.REDIS);
		this.registry.register("directory", ShutdownOrder.DIRECTORY, () -> this.ran.add("stop directory"));
		for (int i = 0; i < 3; i++) {
			this.reloads.reload("round " + i);
		}
		this.ran.clear();

		this.registry.shutdown("test");
		this.registry.shutdown("again");

		assertThat(this.ran).containsExactly("stop redis", "stop directory");
	}

	@Test
	void aStopThatFailsStillStartsAFreshResourceAndTheReportSaysSo() {
		this.registry.register("request-pool", ShutdownOrder.REQUEST_POOL, () -> {
			throw new IllegalStateException("pool wedged");
		}).startWith(() -> this.ran.add("start request-pool"));

		ReloadReport report = this.reloads.reload("test");

		assertThat(report.succeeded()).isFalse();
		assertThat(report.stopped().outcomes()).extracting(HookOutcome::status).containsExactly(HookStatus.FAILED);
		assertThat(report.started().outcomes()).extracting(HookOutcome::status).containsExactly(HookStatus.OK);
		assertThat(this.ran).containsExactly("start request-pool");
	}

	@Test
	void refusesToReloadOnceShutdownBegan() {
		restartable("redis", ShutdownOrder.REDIS);
		this.registry.shutdown("test");

		assertThatIllegalStateException().isThrownBy(() -> this.reloads.reload("late"))
			.withMessageContaining("shutdown began");
	}

	@Test
	void aRequestEnteredWhileReadyIsWaitedForAndNoneEntersWhileReloadingOrStarting() throws Exception {
		assertThat(ReloadCoordinators.starting(this.registry).enteredIfReady()).as("while starting").isFalse();
		CountDownLatch stopping = new CountDownLatch(1);
		this.registry.register("redis", ShutdownOrder.REDIS, () -> {
			this.ran.add("stop redis");
			stopping.countDown();
		}).startWith(() -> this.ran.add("start redis"));

		assertThat(this.reloads.enteredIfReady()).isTrue();
		CompletableFuture<ReloadReport> reload = CompletableFuture.supplyAsync(() -> this.reloads.reload("test"));
		// The reload waits for the request in: nothing stops, and no other request enters meanwhile.
		assertThat(stopping.await(300, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(this.reloads.state()).isEqualTo(InstanceState.RELOADING);
		assertThat(this.reloads.enteredIfReady()).isFalse();
		this.reloads.left();
		assertThat(reload.get(10, TimeUnit.SECONDS).succeeded()).isTrue();
		assertThat(this.ran).containsExactly("stop redis", "start redis");
		assertThat(this.reloads.enteredIfReady()).as("ready again").isTrue();
		this.reloads.left();
	}

	private void restartable(String name, int order) {
		this.registry.register(name, order, () -> this.ran.add("stop " + name))
			.startWith(() -> this.ran.add("start " + name));
	}

}
