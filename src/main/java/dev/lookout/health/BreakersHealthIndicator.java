package dev.lookout.health;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.lookout.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Every circuit breaker's state, read from Resilience4j's registry. {@code DEGRADED} while any is
 * not closed: what it guards answers at once with an error, everything else serves. A notification
 * channel's breaker is listed but never degrades: its deliveries wait in the outbox.
 */
final class BreakersHealthIndicator implements HealthIndicator {

	private final CircuitBreakerRegistry registry;

	BreakersHealthIndicator(CircuitBreakerRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Health health() {
		Map<String, Object> states = new LinkedHashMap<>();
		boolean impaired = false;
		for (CircuitBreaker breaker : this.registry.getAllCircuitBreakers()
			.stream()
			.sorted(Comparator.comparing(CircuitBreaker::getName))
			.toList()) {
			CircuitBreaker.State state = breaker.getState();
			states.put(breaker.getName(), state.name());
			if (Breakers.isNotificationChannel(breaker.getName())) {
				// A failing notification channel is its receiver's problem (the notifications component
				// shows it); the instance serves as well as before.
				continue;
			}
			impaired |= state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN
					|| state == CircuitBreaker.State.FORCED_OPEN;
		}
		return Health.status(impaired ? InstanceStatusAggregator.DEGRADED : Status.UP).withDetails(states).build();
	}

}
