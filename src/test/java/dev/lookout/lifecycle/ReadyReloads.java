package dev.lookout.lifecycle;

import java.time.Duration;

/** Builds a reload coordinator that is ready at once, for tests that manage resources without a context. */
public final class ReadyReloads {

	private ReadyReloads() {
	}

	/** A coordinator over {@code resources}, READY, whose readiness events go nowhere. */
	public static ReloadCoordinator over(ManagedResources resources) {
		ReloadCoordinator reloads = new ReloadCoordinator(resources, (event) -> {
		}, Duration.ofSeconds(5));
		reloads.ready();
		return reloads;
	}

}
