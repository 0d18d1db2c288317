package dev.lookout.health;

import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The status rules of README "Health", with Boot's own availability bean and Resilience4j's registry. */
class InstanceStatusAggregatorTest {

	private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();

	private final InstanceStatusAggregator aggregator = new InstanceStatusAggregator(this.availability);

	@Test
	void aDependencyDownMakesTheInstanceDegradedNotDown() {
		live(LivenessState.CORRECT);
		assertThat(this.aggregator.getAggregateStatus(Status.UP, Status.UP)).isEqualTo(Status.UP);
		assertThat(this.aggregator.getAggregateStatus(Status.UP, Status.DOWN)).isEqualTo(InstanceStatusAggregator.DEGRADED);
		assertThat(this.aggregator.getAggregateStatus(Set.of(Status.UP, InstanceStatusAggregator.DEGRADED)))
			.isEqualTo(InstanceStatusAggregator.DEGRADED);
	}

	@Test
	void notReadyIsOutOfServiceAndWedgedIsDown() {
		live(LivenessState.CORRECT);
		assertThat(this.aggregator.getAggregateStatus(Status.OUT_OF_SERVICE, Status.DOWN)).isEqualTo(Status.OUT_OF_SERVICE);
		live(LivenessState.BROKEN);
		assertThat(this.aggregator.getAggregateStatus(Status.UP)).isEqualTo(Status.DOWN);
	}

	@Test
	void anOpenBreakerIsDegradedAndEveryBreakerIsListed() {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		registry.circuitBreaker("datasource-1");
		BreakersHealthIndicator breakers = new BreakersHealthIndicator(registry);
		assertThat(breakers.health().getStatus()).isEqualTo(Status.UP);
		registry.circuitBreaker("app-db").transitionToOpenState();
		assertThat(breakers.health().getStatus()).isEqualTo(InstanceStatusAggregator.DEGRADED);
		assertThat(breakers.health().getDetails()).containsExactly(
				entry("app-db", "OPEN"),
				entry("datasource-1", "CLOSED"));
	}

	private void live(LivenessState state) {
		this.availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, state));
	}

}
