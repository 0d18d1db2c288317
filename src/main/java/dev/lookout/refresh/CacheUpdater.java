package dev.lookout.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.lookout.dashboards.PanelChanged;
import dev.lookout.dashboards.PanelSpec;
import dev.lookout.datasource.QueryResult;
import dev.lookout.lifecycle.Supervised;
import dev.lookout.refresh.ResultDocuments.LastError;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps every panel's result fresh. It holds an index of the panels (loaded from
 * {@link PanelSource} at start, kept current by {@link PanelChanged}); a scheduler thread finds the
 * panels due, and a fixed pool of workers runs their queries, at most {@code concurrency} at
 * once. Each outcome is stored in the {@link ResultCache} and announced with
 * {@link PanelRefreshed}: a good result serialized once, or after a failure the last good one
 * marked stale with the error. Stopped (and on a reload started again) through the shutdown
 * registry; restarted in place by the watchdog when its heartbeat stops.
 */
public final class CacheUpdater implements SmartLifecycle, Supervised {

	/** Its name for the watchdog, the logs and the metrics. */
	public static final String NAME = "cache-updater";

	static final String THREAD_PREFIX = "lookout-refresh-";

	/** A driver may ignore the interrupt mid-query; the data-source pools, closed after us, end it. */
	private static final Duration STOP_WAIT = Duration.ofSeconds(3);

	private static final Log logger = LogFactory.getLog(CacheUpdater.class);

	private final PanelSource panels;

	private final PanelQuery queries;

	private final ResultCache cache;

	private final ResultDocuments documents;

	private final ApplicationEventPublisher events;

	private final PanelLeases leases;

	private final RefreshSettings settings;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Timer succeeded;

	private final Timer failed;

	private final Map<Long, Panel> index = new ConcurrentHashMap<>();

	/** Panels created or edited since the last round; the next round reads them. */
	private final Set<Long> changed = ConcurrentHashMap.newKeySet();

	private final AtomicLong refreshes = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final Object lifecycleLock = new Object();

	/** One round at a time, whether the scheduler or a wake-up runs it. */
	private final Object tickLock = new Object();

	private volatile Workers workers;

	private volatile boolean indexLoaded;

	private boolean indexFailureLogged;

	private volatile Instant lastHeartbeat;

	CacheUpdater(PanelSource panels, PanelQuery queries, ResultCache cache, ResultDocuments documents,
			ApplicationEventPublisher events, PanelLeases leases, RefreshSettings settings, Clock clock,
			MeterRegistry meters) {
		this.panels = panels;
		this.queries = queries;
		this.cache = cache;
		this.documents = documents;
		this.events = events;
		this.leases = leases;
		this.settings = settings;
		this.clock = clock;
		this.meters = meters;
		this.lastHeartbeat = clock.instant();
		this.succeeded = duration("success");
		this.failed = duration("failure");
		Gauge.builder("lookout.refresh.oldest.result.age", this, CacheUpdater::oldestResultAgeSeconds)
			.baseUnit("seconds")
			.description("Age of the oldest good panel result being served")
			.register(meters);
	}

	/** When the scheduler last ran a round: how a watchdog tells a running updater from a stuck one. */
	@Override
	public Instant lastHeartbeat() {
		return this.lastHeartbeat;
	}

	@Override
	public String supervisedName() {
		return NAME;
	}

	/** One round per tick. */
	@Override
	public Duration beatInterval() {
		return this.settings.tickInterval();
	}

	@Override
	public boolean running() {
		return isRunning();
	}

	/**
	 * Stops the threads (a stuck round is interrupted) and starts new ones. Unlike {@link #start()}
	 * it does not load the index on the caller's thread: the new scheduler's first round does, so
	 * the watchdog is never held by a panel list that does not come.
	 */
	@Override
	public void restart() {
		synchronized (this.lifecycleLock) {
			stop();
			startWorkers();
		}
	}

	/** Refreshes finished since start, failed ones included. */
	public long refreshes() {
		return this.refreshes.get();
	}

	/** Refreshes that failed since start. */
	public long failures() {
		return this.failures.get();
	}

	/** How fresh each known panel's result is, from memory only: cheap enough for every health probe. */
	public List<PanelFreshness> freshness() {
		return this.index.values()
			.stream()
			.map(Panel::freshness)
			.sorted(Comparator.comparingLong(PanelFreshness::panelId))
			.toList();
	}

	/** Loads the index, then starts the scheduler (its first round at once) and the workers. */
	@Override
	public void start() {
		synchronized (this.lifecycleLock) {
			if (this.workers != null) {
				return;
			}
			synchronized (this.tickLock) {
				if (!this.indexLoaded) {
					loadIndex();
				}
			}
			startWorkers();
		}
	}

	/** New threads, the first round at once; a stop's threads are never reused. */
	private void startWorkers() {
		synchronized (this.lifecycleLock) {
			if (this.workers != null) {
				return;
			}
			// The heartbeat of the last run is no evidence against a new one.
			this.lastHeartbeat = this.clock.instant();
			Workers started = new Workers(Executors.newSingleThreadScheduledExecutor(threads("scheduler-")),
					Executors.newFixedThreadPool(this.settings.concurrency(), threads("worker-")),
					new Semaphore(this.settings.concurrency()));
			this.workers = started;
			started.scheduler()
				.scheduleWithFixedDelay(this::tickNow, 0, this.settings.tickInterval().toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Interrupts the scheduler and the workers and waits a bounded time for them; a refresh
	 * that ends after this stores nothing. Idempotent; the shutdown registry calls it.
	 */
	@Override
	public void stop() {
		Workers stopping;
		synchronized (this.lifecycleLock) {
			stopping = this.workers;
			this.workers = null;
		}
		if (stopping == null) {
			return;
		}
		stopping.scheduler().shutdownNow();
		stopping.pool().shutdownNow();
		try {
			long deadline = System.nanoTime() + STOP_WAIT.toNanos();
			boolean stopped = stopping.scheduler().awaitTermination(STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS)
					&& stopping.pool().awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (!stopped) {
				logger.warn("Refresh workers still busy " + STOP_WAIT.toMillis()
						+ " ms after the interrupt; left to end with their queries");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.workers != null;
	}

	/**
	 * Below the shutdown registry's phase: started before the web server, so the index is loaded
	 * when the first viewer arrives; the registry has stopped it by the time this phase stops.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	/**
	 * After the change is committed. A removal applies at once; a creation or an edit is read by
	 * the next round, which runs now: off the publisher's thread, and retried if the read fails.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void on(PanelChanged change) {
		if (change.removed()) {
			forget(change.panelId());
			return;
		}
		this.changed.add(change.panelId());
		wake();
	}

	/** The panels of dashboard {@code slug} in the index, by id. */
	List<Long> panelsOf(String slug) {
		return this.index.values()
			.stream()
			.filter((panel) -> panel.belongsTo(slug))
			.map(Panel::id)
			.sorted()
			.toList();
	}

	/** Whether the panel exists, as far as the index knows. */
	boolean knows(long panelId) {
		return this.index.containsKey(panelId);
	}

	/** False until {@link PanelSource#all()} answered once; until then {@link #knows(long)} knows nothing. */
	boolean indexLoaded() {
		return this.indexLoaded;
	}

	/** A viewer found no result: refresh the panel now, unless that is already due or running. */
	void refreshSoon(long panelId) {
		Panel panel = this.index.get(panelId);
		if (panel != null && panel.dueNow(this.clock.instant())) {
			wake();
		}
	}

	/**
	 * One round: the heartbeat, the index if it is not loaded yet, then the due panels, most
	 * overdue first, while workers are free.
	 * @return how many refreshes the round started
	 */
	int tick(Instant now) {
		synchronized (this.tickLock) {
			this.lastHeartbeat = now;
			Workers current = this.workers;
			if (current == null) {
				return 0;
			}
			if (!this.indexLoaded) {
				loadIndex();
			}
			applyChanges();
			List<Due> due = this.index.values()
				.stream()
				.map((panel) -> new Due(panel, panel.dueAt()))
				.filter((candidate) -> !candidate.at().isAfter(now))
				.sorted(Comparator.comparing(Due::at))
				.toList();
			int started = 0;
			for (Due candidate : due) {
				if (!current.permits().tryAcquire()) {
					break;
				}
				PanelSpec spec = claim(candidate.panel(), now);
				if (spec == null) {
					current.permits().release();
					continue;
				}
				try {
					current.pool().execute(() -> refresh(current, candidate.panel(), spec));
					started++;
				}
				catch (RejectedExecutionException ex) {
					candidate.panel().finished();
					current.permits().release();
					break;
				}
			}
			return started;
		}
	}

	/**
	 * The one place that decides whether this instance runs the panel's query now: when it is
	 * due here and no other instance holds its lease. A panel another instance refreshes waits
	 * here until that lease ends, showing the other's result as its freshness.
	 */
	private PanelSpec claim(Panel panel, Instant now) {
		PanelSpec spec = panel.start(now);
		if (spec == null) {
			return null;
		}
		Optional<Instant> heldElsewhere = this.leases.claim(spec.id(), spec.refreshInterval(), now);
		if (heldElsewhere.isEmpty()) {
			return spec;
		}
		panel.yieldUntil(heldElsewhere.get(), this.cache.get(spec.id()));
		return null;
	}

	private void tickNow() {
		try {
			tick(this.clock.instant());
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again: log and keep the rounds going.
			logger.error("A refresh round failed", ex);
		}
	}

	private void wake() {
		Workers current = this.workers;
		if (current != null) {
			try {
				current.scheduler().execute(this::tickNow);
			}
			catch (RejectedExecutionException ex) {
				// Stopping: no more rounds.
			}
		}
	}

	private void loadIndex() {
		try {
			List<PanelSpec> all = this.panels.all();
			for (PanelSpec spec : all) {
				// Outside the map's lock: the cache may ask Redis.
				if (!this.index.containsKey(spec.id())) {
					this.index.putIfAbsent(spec.id(), new Panel(spec, this.cache.get(spec.id())));
				}
			}
			this.indexLoaded = true;
			logger.info("Refreshing " + all.size() + " panels, at most " + this.settings.concurrency() + " at once");
		}
		catch (RuntimeException ex) {
			if (!this.indexFailureLogged) {
				this.indexFailureLogged = true;
				logger.warn("Cannot load the panels to refresh; retrying every round", ex);
			}
		}
	}

	/** Reads the changed panels: an edited one is due at once, one gone since is forgotten. */
	private void applyChanges() {
		for (Long panelId : List.copyOf(this.changed)) {
			this.changed.remove(panelId);
			Optional<PanelSpec> spec;
			try {
				spec = this.panels.find(panelId);
			}
			catch (RuntimeException ex) {
				this.changed.add(panelId);
				logger.warn("Cannot read panel " + panelId + " after its change (" + ex.getMessage()
						+ "); retrying next round");
				return;
			}
			if (spec.isEmpty()) {
				forget(panelId);
			}
			else {
				this.index.computeIfAbsent(panelId, (id) -> new Panel(spec.get(), Optional.empty()))
					.edit(spec.get(), this.cache);
			}
		}
	}

	private void forget(long panelId) {
		Panel removed = this.index.remove(panelId);
		if (removed != null) {
			removed.remove(this.cache);
		}
		else {
			this.cache.remove(panelId);
		}
	}

	private void refresh(Workers run, Panel panel, PanelSpec spec) {
		StoredResult stored = null;
		try {
			Attempt attempt = attempt(spec);
			// Stopping: the query may have failed only because it was interrupted.
			if (!run.pool().isShutdown()) {
				stored = store(panel, spec, attempt);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Could not store the result of panel " + spec.id(), ex);
		}
		finally {
			panel.finished();
			run.permits().release();
		}
		// Announced once the panel is free again, so a listener sees it as any later viewer would.
		if (stored != null) {
			try {
				this.events.publishEvent(new PanelRefreshed(spec.id(), spec.dashboardSlug(), stored.resultVersion(),
						stored.asOf(), stored.stale()));
			}
			catch (RuntimeException ex) {
				logger.error("A listener of the new result of panel " + spec.id() + " failed", ex);
			}
		}
	}

	private Attempt attempt(PanelSpec spec) {
		Instant startedAt = this.clock.instant();
		Timer.Sample sample = Timer.start(this.meters);
		try {
			QueryResult result = this.queries.run(spec.dataSourceId(), spec.sql());
			sample.stop(this.succeeded);
			counter("success", "OK").increment();
			this.refreshes.incrementAndGet();
			return new Attempt(startedAt, result, null);
		}
		catch (RuntimeException ex) {
			// Spring wraps one that the application database's guard raised: a data-source pool opened
			// on first use reads its definition there.
			Optional<ApiException> known = ApiException.in(ex);
			if (known.isEmpty()) {
				logger.error("Refreshing panel " + spec.id() + " failed unexpectedly", ex);
				return failure(sample, startedAt, ErrorCode.INTERNAL_ERROR,
						"The refresh failed unexpectedly; the server log has the details.");
			}
			ApiException api = known.get();
			if (logger.isDebugEnabled()) {
				logger.debug("Refreshing panel " + spec.id() + " failed with " + api.code() + ": " + api.getMessage());
			}
			return failure(sample, startedAt, api.code(), api.getMessage());
		}
	}

	private Attempt failure(Timer.Sample sample, Instant startedAt, ErrorCode code, String message) {
		sample.stop(this.failed);
		counter("failure", code.name()).increment();
		this.failures.incrementAndGet();
		this.refreshes.incrementAndGet();
		return new Attempt(startedAt, null, new LastError(code.name(), message, this.clock.instant()));
	}

	/** Serializes the outcome once and stores it, unless the panel was removed or its query changed meanwhile. */
	private StoredResult store(Panel panel, PanelSpec spec, Attempt attempt) {
		Optional<StoredResult> previous = this.cache.get(spec.id());
		long version = nextVersion(previous);
		StoredResult result = (attempt.error() == null)
				? this.documents.ok(spec.id(), attempt.result(), attempt.startedAt(), version)
				: this.documents.failed(spec.id(), previous, attempt.error(), version);
		return panel.store(spec, result, this.cache) ? result : null;
	}

	/**
	 * Never below the wall clock in milliseconds, so versions keep growing across restarts of the
	 * in-memory cache and across instances: an ETag or event id from before never names a
	 * different document.
	 */
	private long nextVersion(Optional<StoredResult> previous) {
		return Math.max(previous.map(StoredResult::resultVersion).orElse(0L) + 1, this.clock.millis());
	}

	private double oldestResultAgeSeconds() {
		Instant now = this.clock.instant();
		return this.index.values()
			.stream()
			.map(Panel::asOf)
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder())
			.map((oldest) -> Duration.between(oldest, now).toMillis() / 1000.0)
			.orElse(Double.NaN);
	}

	private Timer duration(String outcome) {
		return Timer.builder("lookout.refresh.duration")
			.description("Time a panel refresh took, its query included")
			.tag("outcome", outcome)
			.register(this.meters);
	}

	private Counter counter(String outcome, String code) {
		return Counter.builder("lookout.refreshes")
			.description("Panel refreshes, by outcome and error code")
			.tag("outcome", outcome)
			.tag("code", code)
			.register(this.meters);
	}

	private static CustomizableThreadFactory threads(String role) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(THREAD_PREFIX + role);
		// A query stuck past the shutdown budget must not keep the process alive.
		factory.setDaemon(true);
		return factory;
	}

	private static boolean sameQuery(PanelSpec one, PanelSpec other) {
		return one.dataSourceId() == other.dataSourceId() && one.sql().equals(other.sql());
	}

	/** One start's threads; a worker checks its own pool, so a restart never sees an old worker store. */
	private record Workers(ScheduledExecutorService scheduler, ExecutorService pool, Semaphore permits) {

	}

	private record Due(Panel panel, Instant at) {

	}

	private record Attempt(Instant startedAt, QueryResult result, LastError error) {

	}

	/** One indexed panel and its schedule; changed only under its own lock. */
	private static final class Panel {

		private PanelSpec spec;

		/** {@link Instant#MIN} means at once. */
		private Instant dueAt;

		private boolean inFlight;

		private boolean removed;

		/** When the query of the good result being served ran, for the age gauge. */
		private Instant asOf;

		/** The error code of the last refresh if it failed; {@code null} after a success. */
		private String staleReason;

		/** Due at once, unless a stored good result is younger than the interval (a restart with Redis). */
		Panel(PanelSpec spec, Optional<StoredResult> stored) {
			this.spec = spec;
			this.asOf = stored.map(StoredResult::asOf).orElse(null);
			this.staleReason = stored.filter(StoredResult::stale).map(StoredResult::staleReason).orElse(null);
			this.dueAt = (this.asOf != null) ? this.asOf.plus(spec.refreshInterval()) : Instant.MIN;
		}

		synchronized PanelFreshness freshness() {
			return new PanelFreshness(this.spec.id(), this.spec.refreshInterval(), this.asOf, this.staleReason);
		}

		/** When it is due; the far future while it runs or once removed. */
		synchronized Instant dueAt() {
			return (this.inFlight || this.removed) ? Instant.MAX : this.dueAt;
		}

		synchronized Instant asOf() {
			return this.asOf;
		}

		/** The spec to run when due, the next run scheduled one interval after this start; else {@code null}. */
		synchronized PanelSpec start(Instant now) {
			if (this.inFlight || this.removed || this.dueAt.isAfter(now)) {
				return null;
			}
			this.inFlight = true;
			this.dueAt = now.plus(this.spec.refreshInterval());
			return this.spec;
		}

		synchronized void finished() {
			this.inFlight = false;
		}

		/** Another instance runs it until {@code until}; what it stored is this panel's freshness meanwhile. */
		synchronized void yieldUntil(Instant until, Optional<StoredResult> stored) {
			this.inFlight = false;
			this.dueAt = until;
			stored.ifPresent((result) -> {
				if (!result.pending()) {
					this.asOf = result.asOf();
				}
				this.staleReason = result.stale() ? result.staleReason() : null;
			});
		}

		synchronized boolean belongsTo(String slug) {
			return !this.removed && this.spec.dashboardSlug().equals(slug);
		}

		synchronized long id() {
			return this.spec.id();
		}

		synchronized boolean dueNow(Instant now) {
			if (this.inFlight || this.removed || !this.dueAt.isAfter(now)) {
				return false;
			}
			this.dueAt = Instant.MIN;
			return true;
		}

		/** Due at once; a result of another query or source is dropped rather than shown under the new one. */
		synchronized void edit(PanelSpec edited, ResultCache cache) {
			if (!sameQuery(this.spec, edited)) {
				cache.remove(edited.id());
				this.asOf = null;
				this.staleReason = null;
			}
			this.spec = edited;
			this.dueAt = Instant.MIN;
		}

		synchronized void remove(ResultCache cache) {
			this.removed = true;
			cache.remove(this.spec.id());
		}

		/** Stores {@code result} of a run of {@code ran}, unless the panel was removed or its query changed since. */
		synchronized boolean store(PanelSpec ran, StoredResult result, ResultCache cache) {
			if (this.removed || !sameQuery(this.spec, ran)) {
				return false;
			}
			cache.put(ran.id(), result);
			if (!result.pending()) {
				this.asOf = result.asOf();
			}
			this.staleReason = result.stale() ? result.staleReason() : null;
			return true;
		}

	}

}
