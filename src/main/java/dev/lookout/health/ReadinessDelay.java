package dev.lookout.health;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * On shutdown, keeps serving for a while after readiness turned to refusing traffic and before
 * the graceful drain closes the port: Spring publishes the refusal as the context starts closing,
 * and during this delay {@code /health/ready} answers 503 to load balancers while every request
 * is still served, so they stop routing here before anything is refused. Zero by default: an
 * orchestrator that removes the instance from rotation itself (Kubernetes) needs none.
 */
final class ReadinessDelay implements SmartLifecycle {

	/** Stopping goes from the highest phase down: this, then the graceful drain. */
	static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;

	private static final Log logger = LogFactory.getLog(ReadinessDelay.class);

	private final Duration delay;

	private volatile boolean running;

	ReadinessDelay(Duration delay) {
		this.delay = delay;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.delay.isZero()) {
			return;
		}
		logger.info("Not ready any more; serving for " + this.delay.toMillis() + " ms before draining requests");
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Pausing a context (the test context cache does) is no shutdown: nothing to wait for. */
	@Override
	public boolean isPauseable() {
		return false;
	}

}
