package dev.lookout.lifecycle;

import java.time.Duration;

/** Builds reload coordinators for tests that manage resources without a context; their readiness events go nowhere. */
public final class ReloadCoordinators {

	private ReloadCoordinators() {
	}

	/** A coordinator over {@code resources}, READY: it reloads when asked. */
	public static ReloadCoordinator ready(ManagedResources resources) {
		ReloadCoordinator reloads = starting(resources);
		reloads.ready();
		return reloads;
	}

	/** A coordinator over {@code resources} that is still STARTING: it refuses to reload. */
	public static ReloadCoordinator starting(ManagedResources resources) {
		return new ReloadCoordinator(resources, (event) -> {
		}, Duration.ofSeconds(5));
	}

}
