package dev.lookout.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * The one owner of every background resource's stop. Modules register a named hook with
 * an order (see {@link ShutdownOrder}) and a timeout; {@link #shutdown(String)} runs the
 * hooks once per lifecycle, in order, each on its own daemon thread within its timeout,
 * all within the total budget.
 */
public class ShutdownRegistry implements DisposableBean {

	private static final String THREAD_PREFIX = "lookout-shutdown-";

	private static final Log logger = LogFactory.getLog(ShutdownRegistry.class);

	private final Duration budget;

	private final Duration defaultHookTimeout;

	private final Clock clock;

	private final Map<String, Hook> hooks = new LinkedHashMap<>();

	private final ShutdownOnce lifecycle = new ShutdownOnce();

	public ShutdownRegistry(ShutdownSettings settings, Clock clock) {
		this.budget = settings.budget();
		this.defaultHookTimeout = settings.hookTimeout();
		this.clock = clock;
	}

	/** Registers a hook with the default timeout ({@code lookout.shutdown.hook-timeout}). */
	public void register(String name, int order, ShutdownAction action) {
		register(name, order, this.defaultHookTimeout, action);
	}

	/**
	 * Registers a hook. Hooks with the same order run in registration order.
	 * @param name unique; also names the hook's thread
	 * @param order lower runs first
	 * @param timeout positive; the hook is abandoned when it overruns
	 * @param action what the hook does
	 */
	public void register(String name, int order, Duration timeout, ShutdownAction action) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("name of a shutdown hook must not be blank, but was '" + name + "'");
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout of shutdown hook '" + name + "' must be greater than 0ms, but was "
					+ ((timeout != null) ? ShutdownReport.millis(timeout) : null));
		}
		if (action == null) {
			throw new IllegalArgumentException("action of shutdown hook '" + name + "' must not be null");
		}
		synchronized (this.hooks) {
			if (this.lifecycle.isClaimed()) {
				// A resource created this late would outlive the shutdown: refuse loudly instead.
				throw new IllegalStateException("shutdown hook '" + name + "' registered after shutdown began");
			}
			if (this.hooks.containsKey(name)) {
				throw new IllegalArgumentException("a shutdown hook named '" + name + "' is already registered");
			}
			this.hooks.put(name, new Hook(name, order, timeout, action));
		}
	}

	/**
	 * Runs every hook once. A second or concurrent call runs nothing: it waits for the first
	 * run and returns its report.
	 * @param reason why, for the report and the log
	 */
	public ShutdownReport shutdown(String reason) {
		List<Hook> ordered = null;
		synchronized (this.hooks) {
			if (this.lifecycle.claim()) {
				ordered = inOrder();
			}
		}
		if (ordered == null) {
			return this.lifecycle.await();
		}
		try {
			ShutdownReport report = run(reason, ordered);
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
	 * Runs the hooks when the context destroys its beans. Usually they already ran when the
	 * context stopped and this returns at once; but when a refresh fails the lifecycle never
	 * started, and this is the only call. It lives here rather than on the lifecycle adapter
	 * because the registry exists as soon as any hook is registered.
	 */
	@Override
	public void destroy() {
		shutdown("context destroyed");
	}

	/** The report of this lifecycle's shutdown, once it has finished. */
	public Optional<ShutdownReport> lastReport() {
		return this.lifecycle.report();
	}

	/** The registered hooks' names in the order they will run. */
	public List<String> hookNames() {
		synchronized (this.hooks) {
			return inOrder().stream().map(Hook::name).toList();
		}
	}

	private List<Hook> inOrder() {
		List<Hook> ordered = new ArrayList<>(this.hooks.values());
		// Stable: equal orders keep registration order.
		ordered.sort(Comparator.comparingInt(Hook::order));
		return ordered;
	}

	private ShutdownReport run(String reason, List<Hook> ordered) {
		Instant start = this.clock.instant();
		List<HookOutcome> outcomes = new ArrayList<>(ordered.size());
		for (Hook hook : ordered) {
			Duration left = this.budget.minus(Duration.between(start, this.clock.instant()));
			if (left.isNegative() || left.isZero()) {
				outcomes.add(new HookOutcome(hook.name(), hook.order(), HookStatus.SKIPPED, Duration.ZERO,
						"budget of " + ShutdownReport.millis(this.budget) + " spent"));
			}
			else {
				outcomes.add(run(hook, (hook.timeout().compareTo(left) < 0) ? hook.timeout() : left));
			}
		}
		return new ShutdownReport(reason, outcomes, Duration.between(start, this.clock.instant()));
	}

	private HookOutcome run(Hook hook, Duration wait) {
		Instant start = this.clock.instant();
		FutureTask<Void> task = new FutureTask<>(() -> {
			hook.action().run();
			return null;
		});
		Thread thread = new Thread(task, THREAD_PREFIX + hook.name());
		thread.setDaemon(true);
		thread.start();
		try {
			awaitUninterruptibly(task, wait);
			return outcome(hook, start, HookStatus.OK, "");
		}
		catch (TimeoutException ex) {
			task.cancel(true);
			logger.warn("Shutdown hook '" + hook.name() + "' did not finish within " + ShutdownReport.millis(wait)
					+ "; abandoned it and interrupted its thread");
			return outcome(hook, start, HookStatus.TIMEOUT, "abandoned after " + ShutdownReport.millis(wait));
		}
		catch (ExecutionException ex) {
			Throwable failure = ex.getCause();
			logger.warn("Shutdown hook '" + hook.name() + "' failed", failure);
			String message = failure.getMessage();
			return outcome(hook, start, HookStatus.FAILED,
					(message != null) ? message : failure.getClass().getSimpleName());
		}
	}

	private HookOutcome outcome(Hook hook, Instant start, HookStatus status, String detail) {
		return new HookOutcome(hook.name(), hook.order(), status, Duration.between(start, this.clock.instant()),
				detail);
	}

	/**
	 * Waits for the task for at most {@code wait} of real time. An interrupt does not cut
	 * the wait short (the resources must still be released, and the budget bounds it); it is
	 * restored for the caller.
	 */
	private static void awaitUninterruptibly(FutureTask<Void> task, Duration wait)
			throws ExecutionException, TimeoutException {
		long deadline = System.nanoTime() + wait.toNanos();
		boolean interrupted = false;
		try {
			while (true) {
				try {
					task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private record Hook(String name, int order, Duration timeout, ShutdownAction action) {

	}

}
