package dev.lookout.lifecycle;

import java.time.Duration;

/** API placeholder while the registry is being built; replaced in the same change. */
public class ShutdownRegistry {

	public void register(String name, int order, Duration timeout, ShutdownAction action) {
		throw new IllegalStateException("registry under construction");
	}

	public void register(String name, int order, ShutdownAction action) {
		throw new IllegalStateException("registry under construction");
	}

}
