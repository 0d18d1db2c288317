package dev.lookout.lifecycle;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Stops the {@link ManagedResources} when the context closes: after the web server has
 * drained its requests and stopped, before the beans are destroyed.
 */
class ManagedResourcesLifecycle implements SmartLifecycle {

	/**
	 * Stopping goes from the highest phase down: the graceful drain
	 * ({@link WebServerGracefulShutdownLifecycle#SMART_LIFECYCLE_PHASE}), then the web
	 * server's start/stop lifecycle (1024 lower; its class is not public), then this.
	 */
	static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;

	private final ManagedResources resources;

	private volatile boolean running;

	ManagedResourcesLifecycle(ManagedResources resources) {
		this.resources = resources;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/** Synchronous on purpose: the registry's own budget bounds it, not the phase timeout. */
	@Override
	public void stop() {
		this.resources.shutdown("context closing");
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Pausing a context (the test context cache does) must not release resources for good. */
	@Override
	public boolean isPauseable() {
		return false;
	}

}
