package dev.lookout.watchdog;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.lookout.database.RequestPool;
import dev.lookout.lifecycle.InstanceState;
import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.lifecycle.ReloadReport;
import dev.lookout.lifecycle.Supervised;
import dev.lookout.redis.SharedRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Checks, on its own thread, what request threads cannot see from the inside, and recovers in
 * steps: a stuck or dead worker is restarted; a wedged request pool (every connection busy while
 * the health pool reaches the database) is evicted, then reloaded; a Redis client that stays
 * disconnected while the server answers is reconnected, then reloaded; a worker restarted twice
 * within the window and still stuck is reloaded. Reloads are counted within a window: one more
 * than allowed, or a deadlock (which nothing in the process can undo), turns liveness
 * {@code BROKEN}, so {@code /health/live} answers 503 and the orchestrator restarts the process.
 * <p>
 * Written by hand: no library supervises these resources. Also the {@code watchdog} component of
 * {@code /health}. A lifecycle bean so that it pauses with its context (the test context cache
 * pauses idle contexts, stopping their workers): it must not restart what its context stopped.
 * The shutdown registry stops it too, first, in case the context's stop did not run.
 */
public final class Watchdog implements HealthIndicator, SmartLifecycle {

	static final String THREAD_NAME = "lookout-watchdog";

	/** The actions kept for /health and the runtime page. */
	private static final int KEPT_ACTIONS = 20;

	/** Restarts of one worker within the reload window before a reload is tried instead. */
	private static final int MAX_RESTARTS = 2;

	/** The database component of /health: the health pool's check. */
	private static final String DATABASE_COMPONENT = "database";

	/** The request pool's check, named as its shutdown hook is. */
	private static final String REQUEST_POOL = "request-pool";

	private static final Log logger = LogFactory.getLog(Watchdog.class);

	private final WatchdogSettings settings;

	private final ObjectProvider<Supervised> workers;

	private final RequestPool requestPool;

	private final ObjectProvider<SharedRedis> redis;

	private final ReloadCoordinator instance;

	/** Looked up when used: the registry collects this very indicator. */
	private final ObjectProvider<HealthContributorRegistry> health;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final Deque<WatchdogAction> actions = new ArrayDeque<>();

	private final Deque<Instant> reloads = new ArrayDeque<>();

	private final Map<String, Deque<Instant>> restarts = new HashMap<>();

	private ScheduledExecutorService scheduler;

	private Instant wedgedSince;

	private boolean poolEvicted;

	private Instant redisBrokenSince;

	private boolean redisReconnected;

	private volatile Instant lastRound;

	private volatile boolean gaveUp;

	Watchdog(WatchdogSettings settings, ObjectProvider<Supervised> workers, RequestPool requestPool,
			ObjectProvider<SharedRedis> redis, ReloadCoordinator instance, ObjectProvider<HealthContributorRegistry> health,
			ApplicationEventPublisher events, Clock clock, MeterRegistry meters) {
		this.settings = settings;
		this.workers = workers;
		this.requestPool = requestPool;
		this.redis = redis;
		this.instance = instance;
		this.health = health;
		this.events = events;
		this.clock = clock;
		this.meters = meters;
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
		synchronized (this.actions) {
			return List.copyOf(this.actions);
		}
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
		Map<String, Long> counts = this.actions()
			.stream()
			.collect(Collectors.groupingBy((action) -> action.check() + ":" + action.action(), LinkedHashMap::new,
					Collectors.counting()));
		Health.Builder builder = this.gaveUp ? Health.down() : (this.settings.enabled() ? Health.up()
				: Health.status(Status.UNKNOWN));
		return builder.withDetail("enabled", this.settings.enabled())
			.withDetail("intervalMs", this.settings.interval().toMillis())
			.withDetail("lastRound", (round != null) ? round.toString() : "never")
			.withDetail("reloadsInWindow", reloadsInWindow(this.clock.instant()))
			.withDetail("maxReloads", this.settings.maxReloads())
			.withDetail("gaveUp", this.gaveUp)
			.withDetail("recentActions", counts)
			.withDetail("lastAction", this.actions().stream().findFirst().map(WatchdogAction::toString).orElse("none"))
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
		if (this.gaveUp || this.instance.state() != InstanceState.READY) {
			return;
		}
		if (checkDeadlocks()) {
			return;
		}
		this.workers.orderedStream().forEach((worker) -> checkWorker(worker, now));
		checkRequestPool(now);
		this.redis.ifAvailable((shared) -> checkRedis(shared, now));
	}

	private boolean checkDeadlocks() {
		long[] ids = this.threads.findDeadlockedThreads();
		if (ids == null) {
			return false;
		}
		String names = Arrays.stream(this.threads.getThreadInfo(ids))
			.filter((info) -> info != null)
			.map(ThreadInfo::getThreadName)
			.collect(Collectors.joining(", "));
		giveUp("deadlock", "threads deadlocked: " + names + "; no restart inside the process can free them");
		return true;
	}

	private void checkWorker(Supervised worker, Instant now) {
		String name = worker.supervisedName();
		Duration age = Duration.between(worker.lastHeartbeat(), now);
		Duration threshold = max(this.settings.stuckAfter(), worker.beatInterval().multipliedBy(3));
		String problem;
		if (!worker.running()) {
			problem = "not running";
		}
		else if (age.compareTo(threshold) > 0) {
			problem = "heartbeat " + age.toMillis() + " ms old (stuck after " + threshold.toMillis() + " ms)";
		}
		else {
			return;
		}
		Deque<Instant> recent = this.restarts.computeIfAbsent(name, (key) -> new ArrayDeque<>());
		prune(recent, now);
		if (recent.size() >= MAX_RESTARTS) {
			recent.clear();
			reload(name, problem + " after " + MAX_RESTARTS + " restarts", now);
			return;
		}
		recent.addLast(now);
		act(name, "restart", problem, worker::restart);
	}

	private void checkRequestPool(Instant now) {
		Optional<HikariPoolMXBean> state = this.requestPool.state();
		boolean wedged = state.isPresent() && state.get().getActiveConnections() >= this.requestPool.maximumSize()
				&& state.get().getIdleConnections() == 0 && databaseAnswers();
		if (!wedged) {
			this.wedgedSince = null;
			this.poolEvicted = false;
			return;
		}
		if (this.wedgedSince == null) {
			this.wedgedSince = now;
			return;
		}
		if (Duration.between(this.wedgedSince, now).compareTo(this.settings.wedgedPoolAfter()) < 0) {
			return;
		}
		String problem = "all " + this.requestPool.maximumSize() + " connections busy for "
				+ Duration.between(this.wedgedSince, now).toMillis() + " ms while the health pool reaches the database";
		this.wedgedSince = now;
		if (!this.poolEvicted) {
			this.poolEvicted = true;
			act(REQUEST_POOL, "evict", problem, this.requestPool::evictConnections);
		}
		else {
			this.poolEvicted = false;
			reload(REQUEST_POOL, problem + ", evicting did not help", now);
		}
	}

	private boolean databaseAnswers() {
		HealthContributor contributor = this.health.getObject().getContributor(DATABASE_COMPONENT);
		return contributor instanceof HealthIndicator indicator && Status.UP.equals(indicator.health().getStatus());
	}

	private void checkRedis(SharedRedis shared, Instant now) {
		if (shared.isConnected() || !shared.answers(this.settings.interval())) {
			// Connected, or Redis itself is down: reconnecting would not help, the client retries anyway.
			this.redisBrokenSince = null;
			this.redisReconnected = false;
			return;
		}
		if (this.redisBrokenSince == null) {
			this.redisBrokenSince = now;
			return;
		}
		if (Duration.between(this.redisBrokenSince, now).compareTo(this.settings.redisBrokenAfter()) < 0) {
			return;
		}
		String problem = "client disconnected for " + Duration.between(this.redisBrokenSince, now).toMillis()
				+ " ms while " + shared.location() + " answers";
		this.redisBrokenSince = now;
		if (!this.redisReconnected) {
			this.redisReconnected = true;
			act("redis", "reconnect", problem, shared::reconnect);
		}
		else {
			this.redisReconnected = false;
			reload("redis", problem + ", reconnecting did not help", now);
		}
	}

	/** A reload, unless the window already holds as many as allowed: then liveness DOWN. */
	private void reload(String check, String problem, Instant now) {
		if (reloadsInWindow(now) >= this.settings.maxReloads()) {
			giveUp(check, problem + "; already " + this.settings.maxReloads() + " reloads within "
					+ this.settings.reloadWindow().toSeconds() + " s");
			return;
		}
		synchronized (this.reloads) {
			this.reloads.addLast(now);
		}
		ReloadReport report;
		try {
			report = this.instance.reload("watchdog: " + check);
		}
		catch (RuntimeException ex) {
			record(check, "reload", false, problem + "; the reload failed: " + ex.getMessage());
			return;
		}
		record(check, "reload", report.succeeded(), problem + "; " + (report.succeeded() ? "reloaded" : "reload FAILED")
				+ " in " + report.total().toMillis() + " ms");
	}

	/** Liveness BROKEN: the orchestrator restarts the process; with WATCHDOG_EXIT it exits by itself. */
	private void giveUp(String check, String problem) {
		this.gaveUp = true;
		record(check, "liveness-down", true, problem);
		AvailabilityChangeEvent.publish(this.events, this, LivenessState.BROKEN);
		if (this.settings.exit()) {
			logger.error("Watchdog: exiting with status 1 (WATCHDOG_EXIT=true)");
			// Not on this thread: the shutdown stops the watchdog and waits for its thread.
			Thread exit = new Thread(() -> System.exit(1), "lookout-watchdog-exit");
			exit.start();
		}
	}

	private int reloadsInWindow(Instant now) {
		synchronized (this.reloads) {
			prune(this.reloads, now);
			return this.reloads.size();
		}
	}

	private void prune(Deque<Instant> times, Instant now) {
		Instant since = now.minus(this.settings.reloadWindow());
		while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
			times.pollFirst();
		}
	}

	private void act(String check, String action, String problem, Runnable recovery) {
		try {
			recovery.run();
			record(check, action, true, problem);
		}
		catch (RuntimeException ex) {
			record(check, action, false, problem + "; failed: " + ex.getMessage());
		}
	}

	private void record(String check, String action, boolean succeeded, String detail) {
		WatchdogAction done = new WatchdogAction(this.clock.instant(), check, action, succeeded, detail);
		if (succeeded) {
			logger.warn("Watchdog: " + action + " " + check + ": " + detail);
		}
		else {
			logger.error("Watchdog: " + action + " " + check + " failed: " + detail);
		}
		Counter.builder("lookout.watchdog.actions")
			.description("Recovery actions the watchdog took, by check and action")
			.tag("check", check)
			.tag("action", action)
			.register(this.meters)
			.increment();
		synchronized (this.actions) {
			this.actions.addFirst(done);
			while (this.actions.size() > KEPT_ACTIONS) {
				this.actions.pollLast();
			}
		}
	}

	private static Duration max(Duration one, Duration other) {
		return (one.compareTo(other) >= 0) ? one : other;
	}

}
