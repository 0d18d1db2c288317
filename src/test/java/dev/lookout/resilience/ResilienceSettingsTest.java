package dev.lookout.resilience;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceSettingsTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ResilienceConfiguration.class)
		.withBean(Clock.class, Clock::systemUTC)
		.withBean(SimpleMeterRegistry.class);

	@Test
	void breakersJudgeAsConfigured() {
		this.runner.withPropertyValues("lookout.resilience.open-wait=3s", "lookout.resilience.minimum-calls=3")
			.run((context) -> {
				CircuitBreakerConfig config = context.getBean(Breakers.class)
					.breaker(Breakers.dataSource(7))
					.getCircuitBreakerConfig();
				assertThat(config.getMinimumNumberOfCalls()).isEqualTo(3);
				assertThat(config.getSlidingWindowSize()).isEqualTo(20);
				assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
				assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
				assertThat(context.getBean(Breakers.class).untilHalfOpen("never-opened"))
					.isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void aMinimumAboveTheWindowIsRefused() {
		this.runner.withPropertyValues("lookout.resilience.minimum-calls=30", "lookout.resilience.sliding-window=20")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("must not exceed the window"));
	}

}
