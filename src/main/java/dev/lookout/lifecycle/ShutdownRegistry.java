package dev.lookout.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * The one owner of every background resource's stop. Modules register a named hook with
 * an order (see {@link ShutdownOrder}) and a timeout; {@link #shutdown(String)} runs the
 * hooks once per lifecycle, in order, each on its own daemon thread within its timeout,
 * all within the total budget.
 * <p>
 * A hook registered with a start action ({@link Registration#startWith}) is also restartable:
 * {@link #reload(String)} stops every restartable hook in order and starts them again in the
 * reverse order, while hooks without one (the development demo and directory, the watchdog)
 * keep running.
 */
public class ShutdownRegistry implements DisposableBean {

	private static final String THREAD_PREFIX = "lookout-shutdown-";

	private static final Log logger = LogFactory.getLog(ShutdownRegistry.class);

	private final Duration budget;

	private final Duration defaultHookTimeout;

	private final Clock clock;

	private final Map<String, Hook> hooks = new LinkedHashMap<>();

	private final ShutdownOnce lifecycle = new ShutdownOnce();

	/** One reload at a time; a shutdown waits for a running one (bounded) so it never races a start. */
	private final ReentrantLock reloading = new ReentrantLock();

	private volatile ReloadReport lastReload;

	public ShutdownRegistry(ShutdownSettings settings, Clock clock) {
		this.budget = settings.budget();
		this.defaultHookTimeout = settings.hookTimeout();
		this.clock = clock;
	}

	/** Registers a hook with the default timeout ({@code lookout.shutdown.hook-timeout}). */
	public Registration register(String name, int order, ShutdownAction action) {
		return register(name, order, this.defaultHookTimeout, action);
	}

	/**
	 * Registers a hook. Hooks with the same order run in registration order.
	 * @param name unique; also names the hook's thread
	 * @param order lower runs first
	 * @param timeout positive; the hook is abandoned when it overruns
	 * @param action what the hook does
	 * @return the registration, to give the hook a start action that makes it restartable
	 */
	public Registration register(String name, int order, Duration timeout, ShutdownAction action) {
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
			Hook hook = new Hook(name, order, timeout, action);
			this.hooks.put(name, hook);
			return hook;
		}
	}

	/**
	 * Runs every hook once. A second or concurrent call runs nothing: it waits for the first
	 * run and returns its report.
	 * @param reason why, for the report and the log
	 */
	public ShutdownReport shutdown(String reason) {
		awaitReload();
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

	/**
	 * Stops every restartable hook in order, within the budget, then starts them again in the
	 * reverse order (what is used last starts first), each start within the hook's timeout.
	 * Hooks that failed or overran to stop are started anyway: the resource they left is abandoned,
	 * and a fresh one is the way out. One reload at a time; a second caller waits for its turn.
	 * @param reason why, for the report and the log
	 * @throws IllegalStateException once shutdown began
	 */
	public ReloadReport reload(String reason) {
		this.reloading.lock();
		try {
			List<Hook> restartable;
			synchronized (this.hooks) {
				if (this.lifecycle.isClaimed()) {
					throw new IllegalStateException("cannot reload: shutdown began");
				}
				restartable = inOrder().stream().filter((hook) -> hook.start() != null).toList();
			}
			ShutdownReport stopped = run(reason, restartable);
			List<Hook> reversed = new ArrayList<>(restartable);
			Collections.reverse(reversed);
			Instant start = this.clock.instant();
			List<HookOutcome> outcomes = new ArrayList<>(reversed.size());
			for (Hook hook : reversed) {
				outcomes.add(run(hook.name(), hook.order(), hook.start(), hook.timeout()));
			}
			ReloadReport report = new ReloadReport(reason, stopped,
					new ShutdownReport(reason, outcomes, Duration.between(start, this.clock.instant())));
			this.lastReload = report;
			if (report.succeeded()) {
				logger.info(report.describe());
			}
			else {
				logger.warn(report.describe());
			}
			return report;
		}
		finally {
			this.reloading.unlock();
		}
	}

	/** The last reload's report, if there was one. */
	public Optional<ReloadReport> lastReload() {
		return Optional.ofNullable(this.lastReload);
	}

	/** The report of this lifecycle's shutdown, once it has finished. */
	public Optional<ShutdownReport> lastReport() {
		return this.lifecycle.report();
	}

	/** The names of the hooks a reload stops and starts again, in stop order. */
	public List<String> restartableHookNames() {
		synchronized (this.hooks) {
			return inOrder().stream().filter((hook) -> hook.start() != null).map(Hook::name).toList();
		}
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
				outcomes.add(run(hook.name(), hook.order(), hook.action(),
						(hook.timeout().compareTo(left) < 0) ? hook.timeout() : left));
			}
		}
		return new ShutdownReport(reason, outcomes, Duration.between(start, this.clock.instant()));
	}

	private HookOutcome run(String name, int order, ShutdownAction action, Duration wait) {
		Instant start = this.clock.instant();
		FutureTask<Void> task = new FutureTask<>(() -> {
			action.run();
			return null;
		});
		Thread thread = new Thread(task, THREAD_PREFIX + name);
		thread.setDaemon(true);
		thread.start();
		try {
			awaitUninterruptibly(task, wait);
			return outcome(name, order, start, HookStatus.OK, "");
		}
		catch (TimeoutException ex) {
			task.cancel(true);
			logger.warn("Hook '" + name + "' did not finish within " + ShutdownReport.millis(wait)
					+ "; abandoned it and interrupted its thread");
			return outcome(name, order, start, HookStatus.TIMEOUT, "abandoned after " + ShutdownReport.millis(wait));
		}
		catch (ExecutionException ex) {
			Throwable failure = ex.getCause();
			logger.warn("Hook '" + name + "' failed", failure);
			String message = failure.getMessage();
			return outcome(name, order, start, HookStatus.FAILED,
					(message != null) ? message : failure.getClass().getSimpleName());
		}
	}

	private HookOutcome outcome(String name, int order, Instant start, HookStatus status, String detail) {
		return new HookOutcome(name, order, status, Duration.between(start, this.clock.instant()), detail);
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

	/** A registered hook, as its registrant sees it: it may add the start that makes it restartable. */
	public interface Registration {

		/**
		 * Makes the hook restartable: a reload runs {@code start} after the stop, on a fresh
		 * resource (a closed pool or client cannot be reopened: the action builds a new one).
		 */
		void startWith(ShutdownAction start);

	}

	private static final class Hook implements Registration {

		private final String name;

		private final int order;

		private final Duration timeout;

		private final ShutdownAction action;

		private volatile ShutdownAction start;

		Hook(String name, int order, Duration timeout, ShutdownAction action) {
			this.name = name;
			this.order = order;
			this.timeout = timeout;
			this.action = action;
		}

		@Override
		public void startWith(ShutdownAction start) {
			if (start == null) {
				throw new IllegalArgumentException("start action of hook '" + this.name + "' must not be null");
			}
			this.start = start;
		}

		String name() {
			return this.name;
		}

		int order() {
			return this.order;
		}

		Duration timeout() {
			return this.timeout;
		}

		ShutdownAction action() {
			return this.action;
		}

		ShutdownAction start() {
			return this.start;
		}

	}

}
