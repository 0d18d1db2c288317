package dev.lookout.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * The registry of the instance's background resources, which orders them and stops them once.
 * <p>
 * Modules register a named resource with an order (see {@link ShutdownOrder}), a timeout and its
 * stop; {@link #shutdown(String)} stops them once per lifecycle, in order, each on its own daemon
 * thread within its timeout, all within the total budget. A resource given a start
 * ({@link ManagedResource#startWith}) is restartable: the {@link ReloadCoordinator} stops and starts
 * those through {@link #whileReloading}, which keeps a shutdown from racing a reload.
 */
public class ManagedResources implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ManagedResources.class);

	private final Duration defaultTimeout;

	private final BoundedSteps steps;

	private final Map<String, ManagedResource> resources = new LinkedHashMap<>();

	private final ShutdownOnce lifecycle = new ShutdownOnce();

	/** One reload at a time; a shutdown waits for a running one (bounded) so it never races a start. */
	private final ReentrantLock reloading = new ReentrantLock();

	private final Duration budget;

	public ManagedResources(ShutdownSettings settings, Clock clock) {
		this.budget = settings.budget();
		this.defaultTimeout = settings.hookTimeout();
		this.steps = new BoundedSteps(settings.budget(), clock);
	}

	/** Registers a resource with the default timeout ({@code lookout.shutdown.hook-timeout}). */
	public ManagedResource register(String name, int order, ResourceAction stop) {
		return register(name, order, this.defaultTimeout, stop);
	}

	/**
	 * Registers a resource. Resources with the same order stop in registration order.
	 * @param name unique; also names the threads its steps run on
	 * @param order lower stops first
	 * @param timeout positive; a step that overruns it is abandoned
	 * @param stop what releases the resource
	 * @return the resource, to give it the start that makes it restartable
	 */
	public ManagedResource register(String name, int order, Duration timeout, ResourceAction stop) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("name of a shutdown hook must not be blank, but was '" + name + "'");
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout of shutdown hook '" + name + "' must be greater than 0ms, but was "
					+ ((timeout != null) ? ShutdownReport.millis(timeout) : null));
		}
		if (stop == null) {
			throw new IllegalArgumentException("action of shutdown hook '" + name + "' must not be null");
		}
		synchronized (this.resources) {
			if (this.lifecycle.isClaimed()) {
				// A resource created this late would outlive the shutdown: refuse loudly instead.
				throw new IllegalStateException("shutdown hook '" + name + "' registered after shutdown began");
			}
			if (this.resources.containsKey(name)) {
				throw new IllegalArgumentException("a shutdown hook named '" + name + "' is already registered");
			}
			ManagedResource resource = new ManagedResource(name, order, timeout, stop);
			this.resources.put(name, resource);
			return resource;
		}
	}

	/**
	 * Stops every resource once. A second or concurrent call stops nothing: it waits for the first
	 * run and returns its report.
	 * @param reason why, for the report and the log
	 */
	public ShutdownReport shutdown(String reason) {
		awaitReload();
		List<ManagedResource> ordered = null;
		synchronized (this.resources) {
			if (this.lifecycle.claim()) {
				ordered = inOrder();
			}
		}
		if (ordered == null) {
			return this.lifecycle.await();
		}
		try {
			ShutdownReport report = this.steps.stopAll(reason, ordered);
			logger.info(report.describe());
			this.lifecycle.complete(report);
			return report;
		}
		catch (RuntimeException | Error ex) {
			this.lifecycle.fail(ex);
			throw ex;
		}
	}

	/**
	 * Stops the resources when the context destroys its beans. Usually they already stopped when
	 * the context stopped and this returns at once; but when a refresh fails the lifecycle never
	 * started, and this is the only call. It lives here rather than on the lifecycle adapter
	 * because the registry exists as soon as any resource is registered.
	 */
	@Override
	public void destroy() {
		shutdown("context destroyed");
	}

	/**
	 * Hands the restartable resources, in stop order, to {@code reload}, one reload at a time; a
	 * shutdown that begins meanwhile waits (bounded by its budget) until it returns.
	 * @throws IllegalStateException once shutdown began
	 */
	<T> T whileReloading(Function<List<ManagedResource>, T> reload) {
		this.reloading.lock();
		try {
			List<ManagedResource> restartable;
			synchronized (this.resources) {
				if (this.lifecycle.isClaimed()) {
					throw new IllegalStateException("cannot reload: shutdown began");
				}
				restartable = inOrder().stream().filter(ManagedResource::restartable).toList();
			}
			return reload.apply(restartable);
		}
		finally {
			this.reloading.unlock();
		}
	}

	/** How the reload coordinator runs its stops and starts: as bounded as the shutdown's. */
	BoundedSteps steps() {
		return this.steps;
	}

	/** The report of this lifecycle's shutdown, once it has finished. */
	public Optional<ShutdownReport> lastReport() {
		return this.lifecycle.report();
	}

	/** The names of the resources a reload stops and starts again, in stop order. */
	public List<String> restartableNames() {
		synchronized (this.resources) {
			return inOrder().stream().filter(ManagedResource::restartable).map(ManagedResource::name).toList();
		}
	}

	/** The registered resources' names in the order they will stop. */
	public List<String> names() {
		synchronized (this.resources) {
			return inOrder().stream().map(ManagedResource::name).toList();
		}
	}

	private List<ManagedResource> inOrder() {
		List<ManagedResource> ordered = new ArrayList<>(this.resources.values());
		// Stable: equal orders keep registration order.
		ordered.sort(Comparator.comparingInt(ManagedResource::order));
		return ordered;
	}

	/**
	 * A reload in progress finishes its starts before the shutdown stops what they started;
	 * bounded by the budget, after which the shutdown goes ahead regardless.
	 */
	private void awaitReload() {
		try {
			if (this.reloading.tryLock(this.budget.toNanos(), TimeUnit.NANOSECONDS)) {
				this.reloading.unlock();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
