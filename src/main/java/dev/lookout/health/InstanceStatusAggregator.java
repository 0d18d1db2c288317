package dev.lookout.health;

import java.util.Set;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Status;

/**
 * The whole health as a verdict on this instance, not on what it depends on:
 * <ul>
 * <li>{@code DOWN} (503) only when the instance itself is wedged: its liveness is
 * {@link LivenessState#BROKEN}. Restarting it is what helps.</li>
 * <li>{@code OUT_OF_SERVICE} (503) while it takes no traffic: starting, reloading, shutting down
 * (readiness refuses traffic).</li>
 * <li>{@code DEGRADED} (200) while it serves but something is impaired: a dependency is
 * {@code DOWN} (the database, Redis, a breaker open) or a part of it is {@code DEGRADED} (stale
 * panels, the request pool exhausted). Every instance sharing that dependency would say the same,
 * and each still serves the last good data: a 503 here would take them all out at once.</li>
 * <li>{@code UP} when every part is.</li>
 * </ul>
 * A dependency's DOWN therefore never makes the whole DOWN; liveness is read from the
 * application's availability because its own component says DOWN like any dependency does.
 */
final class InstanceStatusAggregator implements StatusAggregator {

	static final Status DEGRADED = new Status("DEGRADED", "Serving, with a dependency down or a part impaired");

	private final ApplicationAvailability availability;

	InstanceStatusAggregator(ApplicationAvailability availability) {
		this.availability = availability;
	}

	@Override
	public Status getAggregateStatus(Set<Status> statuses) {
		if (this.availability.getLivenessState() == LivenessState.BROKEN) {
			return Status.DOWN;
		}
		if (statuses.contains(Status.OUT_OF_SERVICE)) {
			return Status.OUT_OF_SERVICE;
		}
		if (statuses.contains(Status.DOWN) || statuses.contains(DEGRADED)) {
			return DEGRADED;
		}
		if (statuses.contains(Status.UP)) {
			return Status.UP;
		}
		return Status.UNKNOWN;
	}

}
