package dev.lookout.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Coordinates the controlled reload, and keeps the instance's state that it depends on.
 * <p>
 * A reload: readiness refuses traffic, the requests already in finish, every restartable resource
 * stops in order and starts again in the reverse order while the port stays open, and readiness
 * accepts traffic again. Readiness is Spring Boot's availability state, so {@code /health/ready}
 * follows it.
 */
public final class ReloadCoordinator {

	private static final Log logger = LogFactory.getLog(ReloadCoordinator.class);

	private final ManagedResources resources;

	private final ApplicationEventPublisher events;

	private final Object reloadLock = new Object();

	/** How long a reload waits for the requests already past the filter, before it closes their pools. */
	private final Duration drainTimeout;

	/** Requests past the {@link ReloadingFilter}, health probes excepted. */
	private final AtomicInteger inFlight = new AtomicInteger();

	/** Set on a request's thread, so a reload asked by a request does not wait for itself. */
	private final ThreadLocal<Boolean> inRequest = ThreadLocal.withInitial(() -> false);

	private volatile InstanceState state = InstanceState.STARTING;

	private volatile ReloadReport lastReload;

	ReloadCoordinator(ManagedResources resources, ApplicationEventPublisher events, Duration drainTimeout) {
		this.resources = resources;
		this.events = events;
		this.drainTimeout = drainTimeout;
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
				awaitDrained();
				return this.resources.whileReloading((restartable) -> cycle(reason, restartable));
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

	/** The last reload's report, if there was one. */
	public Optional<ReloadReport> lastReload() {
		return Optional.ofNullable(this.lastReload);
	}

	/**
	 * Stops the restartable resources in order, within the budget, then starts them again in the
	 * reverse order (what is used last starts first), each start within its timeout. Those that
	 * failed or overran to stop are started anyway: the resource they left is abandoned, and a
	 * fresh one is the way out.
	 */
	private ReloadReport cycle(String reason, List<ManagedResource> restartable) {
		BoundedSteps steps = this.resources.steps();
		ShutdownReport stopped = steps.stopAll(reason, restartable);
		List<ManagedResource> reversed = new ArrayList<>(restartable);
		Collections.reverse(reversed);
		ReloadReport report = new ReloadReport(reason, stopped, steps.startAll(reason, reversed));
		this.lastReload = report;
		if (report.succeeded()) {
			logger.info(report.describe());
		}
		else {
			logger.warn(report.describe());
		}
		return report;
	}

	/** A request enters: counted until {@link #left()}, so that a reload lets it finish first. */
	void entered() {
		this.inFlight.incrementAndGet();
		this.inRequest.set(true);
	}

	/**
	 * For a request answered ahead of the filters: enters it, as {@link ReloadingFilter} does, when
	 * the instance is ready; otherwise counts nothing and returns {@code false}, and the request
	 * takes the ordinary way (and its answer: {@code STARTING}, {@code RELOADING}, ...).
	 * A {@code true} must be followed by {@link #left()}.
	 */
	public boolean enteredIfReady() {
		if (this.state != InstanceState.READY) {
			return false;
		}
		entered();
		// Checked once counted: a reload that begins after this waits for the request to end.
		if (this.state != InstanceState.READY) {
			left();
			return false;
		}
		return true;
	}

	public void left() {
		this.inRequest.remove();
		this.inFlight.decrementAndGet();
	}

	/**
	 * Waits, bounded, until the requests already in (other than the caller's own) are done: those
	 * arriving from now on are refused with RELOADING, these hold connections of the pools about
	 * to close. A plain poll of real time (requests end in real time): the wait is short and rare,
	 * not worth a condition per request.
	 */
	private void awaitDrained() {
		int own = this.inRequest.get() ? 1 : 0;
		long deadline = System.nanoTime() + this.drainTimeout.toNanos();
		while (this.inFlight.get() > own && System.nanoTime() < deadline) {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
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
