package dev.lookout.lifecycle;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * This instance's state, and the controlled reload: readiness refuses traffic, the registry stops
 * and starts every restartable resource while the port stays open, and readiness accepts traffic
 * again. Readiness is Spring Boot's availability state, so {@code /health/ready} follows it.
 */
public final class Instance {

	private final ShutdownRegistry registry;

	private final ApplicationEventPublisher events;

	private final Object reloadLock = new Object();

	private volatile InstanceState state = InstanceState.STARTING;

	Instance(ShutdownRegistry registry, ApplicationEventPublisher events) {
		this.registry = registry;
		this.events = events;
	}

	public InstanceState state() {
		return this.state;
	}

	/**
	 * Stops and starts every restartable resource; returns once they are started again. One
	 * reload at a time: a second caller waits for the first, then reloads again.
	 * @param reason who or what asked, for the report and the log
	 * @throws IllegalStateException while starting or once shutting down
	 */
	public ReloadReport reload(String reason) {
		synchronized (this.reloadLock) {
			synchronized (this) {
				if (this.state != InstanceState.READY) {
					throw new IllegalStateException("cannot reload while " + this.state);
				}
				this.state = InstanceState.RELOADING;
			}
			AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
			try {
				return this.registry.reload(reason);
			}
			finally {
				boolean ready;
				synchronized (this) {
					ready = this.state == InstanceState.RELOADING;
					if (ready) {
						this.state = InstanceState.READY;
					}
				}
				if (ready) {
					AvailabilityChangeEvent.publish(this.events, this, ReadinessState.ACCEPTING_TRAFFIC);
				}
			}
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	synchronized void ready() {
		if (this.state == InstanceState.STARTING) {
			this.state = InstanceState.READY;
		}
	}

	/** Published as the close begins, before readiness turns and the requests drain. */
	@EventListener(ContextClosedEvent.class)
	synchronized void closing() {
		this.state = InstanceState.SHUTTING_DOWN;
	}

}
