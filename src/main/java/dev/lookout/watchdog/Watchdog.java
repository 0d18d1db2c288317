package dev.lookout.watchdog;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.lookout.lifecycle.InstanceState;
import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.lifecycle.ReloadReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs every {@link Check} each interval, on a thread of its own, and carries out the steps their
 * {@link Escalation escalations} decide: the check's first remedy, then a controlled reload within
 * the {@link ReloadBudget}, then liveness {@code BROKEN}, so that {@code /health/live} answers 503
 * and the orchestrator restarts the process.
 * <p>
 * Written by hand: no library supervises these resources. Also the {@code watchdog} component of
 * {@code /health}. A lifecycle bean so that it pauses with its context (the test context cache
 * pauses idle contexts, stopping their workers): it must not restart what its context stopped.
 * The managed resources stop it too, first, in case the context's stop did not run.
 */
public final class Watchdog implements HealthIndicator, SmartLifecycle {

	static final String THREAD_NAME = "lookout-watchdog";

	private static final Log logger = LogFactory.getLog(Watchdog.class);

	private final WatchdogSettings settings;

	/** Asked each round: workers and the Redis client may come and go with the context. */
	private final Supplier<Stream<Check>> checks;

	private final ReloadCoordinator reloads;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ReloadBudget budget;

	private final ActionLog log;

	/** By check name; touched by the watchdog's thread only. */
	private final Map<String, Escalation> escalations = new HashMap<>();

	private ScheduledExecutorService scheduler;

	private volatile Instant lastRound;

	private volatile boolean gaveUp;

	Watchdog(WatchdogSettings settings, Supplier<Stream<Check>> checks, ReloadCoordinator reloads,
			ApplicationEventPublisher events, Clock clock, ActionLog log) {
		this.settings = settings;
		this.checks = checks;
		this.reloads = reloads;
		this.events = events;
		this.clock = clock;
		this.budget = new ReloadBudget(settings.reloadWindow(), settings.maxReloads());
		this.log = log;
	}

	/** Starts checking every interval, on a daemon thread of its own; idempotent. */
	@Override
	public synchronized void start() {
		if (this.scheduler != null || !this.settings.enabled()) {
			return;
		}
		CustomizableThreadFactory factory = new CustomizableThreadFactory(THREAD_NAME);
		factory.setDaemon(true);
		this.scheduler = Executors.newSingleThreadScheduledExecutor(factory);
		long interval = this.settings.interval().toNanos();
		this.scheduler.scheduleWithFixedDelay(this::roundSafely, interval, interval, TimeUnit.NANOSECONDS);
		logger.info("Watchdog checking every " + this.settings.interval().toMillis() + " ms");
	}

	/** Stops the thread; a round in progress (a reload, say) is interrupted and waited for briefly. */
	@Override
	public void stop() {
		ScheduledExecutorService stopping;
		synchronized (this) {
			stopping = this.scheduler;
			this.scheduler = null;
		}
		if (stopping != null) {
			stopping.shutdownNow();
			try {
				stopping.awaitTermination(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	/** The latest actions, newest first. */
	public List<WatchdogAction> actions() {
		return this.log.recent();
	}

	/** Whether it turned liveness DOWN: from then on it only waits for the restart. */
	public boolean gaveUp() {
		return this.gaveUp;
	}

	public boolean enabled() {
		return this.settings.enabled();
	}

	@Override
	public Health health() {
		Instant round = this.lastRound;
		List<WatchdogAction> actions = actions();
		Map<String, Long> counts = actions.stream()
			.collect(Collectors.groupingBy((action) -> action.check() + ":" + action.action(), LinkedHashMap::new,
					Collectors.counting()));
		Health.Builder builder = this.gaveUp ? Health.down() : (this.settings.enabled() ? Health.up()
				: Health.status(Status.UNKNOWN));
		return builder.withDetail("enabled", this.settings.enabled())
			.withDetail("intervalMs", this.settings.interval().toMillis())
			.withDetail("lastRound", (round != null) ? round.toString() : "never")
			.withDetail("reloadsInWindow", this.budget.used(this.clock.instant()))
			.withDetail("maxReloads", this.budget.max())
			.withDetail("gaveUp", this.gaveUp)
			.withDetail("recentActions", counts)
			.withDetail("lastAction", actions.stream().findFirst().map(WatchdogAction::toString).orElse("none"))
			.build();
	}

	private void roundSafely() {
		try {
			round();
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again: log and keep watching.
			logger.error("A watchdog round failed", ex);
		}
	}

	/** One round of every check; only while the instance serves (not while starting, reloading or stopping). */
	void round() {
		Instant now = this.clock.instant();
		this.lastRound = now;
		if (this.gaveUp || this.reloads.state() != InstanceState.READY) {
			return;
		}
		for (Check check : (Iterable<Check>) this.checks.get()::iterator) {
			run(check, now);
			if (this.gaveUp) {
				return;
			}
		}
	}

	private void run(Check check, Instant now) {
		Escalation escalation = this.escalations.computeIfAbsent(check.name(), (name) -> new Escalation(check.policy()));
		Optional<String> wedged = check.wedged(now);
		if (wedged.isEmpty()) {
			escalation.fine();
			return;
		}
		Escalation.Decision decision = escalation.wedged(now);
		String problem = wedged.get()
				+ (decision.wedgedFor().isZero() ? "" : " for " + decision.wedgedFor().toMillis() + " ms");
		switch (decision.step()) {
			case WAIT -> {
			}
			case REMEDY -> remedy(check, problem);
			case RELOAD -> reload(check.name(), problem + "; " + decision.remediesTried() + " " + check.remedy()
					+ ((decision.remediesTried() == 1) ? "" : "s") + " did not help", now);
			case GIVE_UP -> giveUp(check.name(), problem);
		}
	}

	private void remedy(Check check, String problem) {
		try {
			check.applyRemedy();
			this.log.record(check.name(), check.remedy(), true, problem);
		}
		catch (RuntimeException ex) {
			this.log.record(check.name(), check.remedy(), false, problem + "; failed: " + ex.getMessage());
		}
	}

	/** A reload, unless the budget is spent: then liveness DOWN. */
	private void reload(String check, String problem, Instant now) {
		if (!this.budget.take(now)) {
			giveUp(check, problem + "; already " + this.budget.max() + " reloads within "
					+ this.budget.window().toSeconds() + " s");
			return;
		}
		ReloadReport report;
		try {
			report = this.reloads.reload("watchdog: " + check);
		}
		catch (RuntimeException ex) {
			this.log.record(check, "reload", false, problem + "; the reload failed: " + ex.getMessage());
			return;
		}
		this.log.record(check, "reload", report.succeeded(), problem + "; "
				+ (report.succeeded() ? "reloaded" : "reload FAILED") + " in " + report.total().toMillis() + " ms");
	}

	/** Liveness BROKEN: the orchestrator restarts the process; with WATCHDOG_EXIT it exits by itself. */
	private void giveUp(String check, String problem) {
		this.gaveUp = true;
		this.log.record(check, "liveness-down", true, problem);
		AvailabilityChangeEvent.publish(this.events, this, LivenessState.BROKEN);
		if (this.settings.exit()) {
			logger.error("Watchdog: exiting with status 1 (WATCHDOG_EXIT=true)");
			// Not on this thread: the shutdown stops the watchdog and waits for its thread.
			Thread exit = new Thread(() -> System.exit(1), "lookout-watchdog-exit");
			exit.start();
		}
	}

}
