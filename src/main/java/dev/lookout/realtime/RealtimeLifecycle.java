package dev.lookout.realtime;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the sync with the context, and stops it in the graceful drain's phase: Tomcat's drain
 * waits for every asynchronous request to end, and an event stream never ends by itself, so
 * without this the drain would always last its whole timeout. The shutdown registry's hook then
 * finds it stopped.
 */
final class RealtimeLifecycle implements SmartLifecycle {

	private final RealtimeSync sync;

	RealtimeLifecycle(RealtimeSync sync) {
		this.sync = sync;
	}

	@Override
	public void start() {
		this.sync.start();
	}

	@Override
	public void stop() {
		this.sync.stop();
	}

	@Override
	public boolean isRunning() {
		return this.sync.running();
	}

	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
	}

	/** Pausing a context (the test context cache does) must not close the streams for good. */
	@Override
	public boolean isPauseable() {
		return false;
	}

}
