package dev.lookout.lifecycle;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(LifecycleConfiguration.class)
		.withBean(Clock.class, Clock::systemUTC)
		.withPropertyValues("lookout.shutdown.budget=5s", "lookout.shutdown.hook-timeout=1s",
				"lookout.start.timeout=2m");

	@Test
	void closingTheContextRunsTheHooksOnce() {
		Probe probe = new Probe();
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			probe.register(context.getBean(ManagedResources.class));
			assertThat(probe.runs).hasValue(0);
		});

		assertThat(probe.runs).hasValue(1);
		assertThat(probe.registry.get().lastReport()).hasValueSatisfying((report) -> {
			assertThat(report.reason()).isEqualTo("context closing");
			assertThat(report.outcomes()).extracting(HookOutcome::status).containsExactly(HookStatus.OK);
		});
	}

	@Test
	void destroyingTheBeansRunsTheHooksWhenTheRefreshFailed() {
		Probe probe = new Probe();
		this.runner.withBean(Probe.class, () -> probe)
			.withUserConfiguration(FailingRefreshConfiguration.class)
			.run((context) -> assertThat(context).hasFailed());

		assertThat(probe.runs).hasValue(1);
		assertThat(probe.registry.get().lastReport())
			.hasValueSatisfying((report) -> assertThat(report.reason()).isEqualTo("context destroyed"));
	}

	@Test
	void bindsTheSettingsIntoTheRegistry() {
		this.runner.withPropertyValues("lookout.shutdown.hook-timeout=100ms").run((context) -> {
			ManagedResources registry = context.getBean(ManagedResources.class);
			registry.register("hung", 1, () -> Thread.sleep(10_000));

			assertThat(registry.shutdown("test").outcomes()).singleElement()
				.satisfies((outcome) -> assertThat(outcome.detail()).isEqualTo("abandoned after 100ms"));
		});
	}

	@Test
	void refusesABudgetOutsideItsRange() {
		this.runner.withPropertyValues("lookout.shutdown.budget=61s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContainingAll("field 'budget'", "PT1M1S", "shorter than or equal to 60 seconds");
		});
	}

	@Test
	void refusesAHookTimeoutOutsideItsRange() {
		this.runner.withPropertyValues("lookout.shutdown.hook-timeout=50ms").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContainingAll("field 'hookTimeout'", "PT0.05S", "longer than or equal to 100 millis");
		});
	}

	/** Counts hook runs and keeps the registry for a look after the context is gone. */
	static final class Probe {

		private final AtomicInteger runs = new AtomicInteger();

		private final AtomicReference<ManagedResources> registry = new AtomicReference<>();

		void register(ManagedResources registry) {
			this.registry.set(registry);
			registry.register("counted", 1, this.runs::incrementAndGet);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingRefreshConfiguration {

		/** A module that registered its hook, then could not start. */
		@Bean
		Object failingModule(ManagedResources registry, Probe probe) {
			probe.register(registry);
			throw new IllegalStateException("refresh fails on purpose");
		}

	}

}
