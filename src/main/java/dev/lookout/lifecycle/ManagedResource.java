package dev.lookout.lifecycle;

import java.time.Duration;
import java.util.Optional;

/**
 * One background resource the instance owns: its name, its turn in the shutdown, how long each
 * of its steps may take, its stop, and the start that makes it restartable.
 * <p>
 * Registered through {@link ManagedResources#register}; the registrant may then give it a start
 * with {@link #startWith}. A resource without one (the development demo and directory, the
 * watchdog) keeps running through a reload.
 */
public final class ManagedResource {

	private final String name;

	private final int order;

	private final Duration timeout;

	private final ResourceAction stop;

	/** Set once, after registration, by the registrant; read by a reload on another thread. */
	private volatile ResourceAction start;

	ManagedResource(String name, int order, Duration timeout, ResourceAction stop) {
		this.name = name;
		this.order = order;
		this.timeout = timeout;
		this.stop = stop;
	}

	/**
	 * Makes the resource restartable: a reload runs {@code start} after the stop, on a fresh
	 * resource (a closed pool or client cannot be reopened: the action builds a new one).
	 */
	public void startWith(ResourceAction start) {
		if (start == null) {
			throw new IllegalArgumentException("start action of resource '" + this.name + "' must not be null");
		}
		this.start = start;
	}

	/** Unique among the resources; also names the threads its steps run on. */
	public String name() {
		return this.name;
	}

	/** Its turn in the shutdown, see {@link ShutdownOrder}: lower stops first, and starts last. */
	public int order() {
		return this.order;
	}

	/** How long its stop, and its start, may each take before they are abandoned. */
	Duration timeout() {
		return this.timeout;
	}

	ResourceAction stop() {
		return this.stop;
	}

	Optional<ResourceAction> start() {
		return Optional.ofNullable(this.start);
	}

	boolean restartable() {
		return this.start != null;
	}

}
