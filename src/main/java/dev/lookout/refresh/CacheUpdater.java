package dev.lookout.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import dev.lookout.dashboards.PanelChanged;
import dev.lookout.dashboards.PanelSpec;
import dev.lookout.lifecycle.Supervised;
import dev.lookout.refresh.RefreshWorkers.Crew;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps every panel's result fresh by coordinating the refresh module's parts; the module's face
 * to the others (health, watchdog and runtime read it). Each round, on a thread of the
 * {@link RefreshWorkers}, it brings the {@link RefreshSchedule} up to date through the
 * {@link PanelIndexer}, takes the due panels, and gives them to the {@link LeasedDispatch}, which
 * claims their leases and has the {@link PanelRefresher} run those this instance may. Stopped (and
 * on a reload started again) through the shutdown registry; restarted in place by the watchdog
 * when its heartbeat stops.
 */
public final class CacheUpdater implements SmartLifecycle, Supervised {

	/** Its name for the watchdog, the logs and the metrics. */
	public static final String NAME = "cache-updater";

	private static final Log logger = LogFactory.getLog(CacheUpdater.class);

	private final RefreshSchedule schedule = new RefreshSchedule();

	private final PanelIndexer indexer;

	private final PanelRefresher refresher;

	private final RefreshWorkers workers;

	private final LeasedDispatch dispatch;

	private final LiveViews views;

	private final PanelSource panels;

	private final RefreshSettings settings;

	private final Clock clock;

	/** One round at a time, whether the scheduler or a wake-up runs it. */
	private final Object tickLock = new Object();

	CacheUpdater(PanelSource panels, PanelQuery queries, ResultCache cache, ResultDocuments documents,
			ApplicationEventPublisher events, PanelLeases leases, RefreshSettings settings, Clock clock, ZoneId zone,
			MeterRegistry meters) {
		this.panels = panels;
		this.indexer = new PanelIndexer(panels, this.schedule, cache);
		this.refresher = new PanelRefresher(queries, cache, documents, events, this.schedule, clock, zone, meters);
		this.views = new LiveViews(this.schedule, cache, settings, clock, meters);
		this.workers = new RefreshWorkers(settings.concurrency(), settings.tickInterval(), clock, this::tickNow);
		this.dispatch = new LeasedDispatch(this.schedule, leases, this.refresher, cache, this.workers);
		this.settings = settings;
		this.clock = clock;
	}

	/** When the scheduler last began a round: how a watchdog tells a running updater from a stuck one. */
	@Override
	public Instant lastHeartbeat() {
		return this.workers.lastHeartbeat();
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
		this.workers.restart();
	}

	/** Refreshes finished since start, failed ones included. */
	public long refreshes() {
		return this.refresher.refreshes();
	}

	/** Refreshes that failed since start. */
	public long failures() {
		return this.refresher.failures();
	}

	/** How fresh each known panel's result (its default view's) is, from memory only: cheap enough for every health probe. */
	public List<PanelFreshness> freshness() {
		return this.schedule.freshness();
	}

	/** Loads the index, then starts the scheduler (its first round at once) and the workers. */
	@Override
	public void start() {
		this.workers.start(() -> {
			synchronized (this.tickLock) {
				if (!this.indexer.loaded()) {
					this.indexer.loadAll(this.settings.concurrency());
				}
			}
		});
	}

	/**
	 * Interrupts the scheduler and the workers and waits a bounded time for them; a refresh
	 * that ends after this stores nothing. Idempotent; the shutdown registry calls it.
	 */
	@Override
	public void stop() {
		this.workers.stop();
	}

	@Override
	public boolean isRunning() {
		return this.workers.running();
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
			this.indexer.forget(change.panelId());
			return;
		}
		this.indexer.changed(change.panelId());
		this.workers.wake();
	}

	/** The panels of dashboard {@code slug} in the index, by id. */
	List<Long> panelsOf(String slug) {
		return this.schedule.panelsOf(slug);
	}

	/**
	 * A panel of dashboard {@code slug}, which carries the dashboard's variables and access rules;
	 * empty when the index knows no panel of it.
	 */
	Optional<PanelSpec> anyPanelOf(String slug) {
		return panelsOf(slug).stream().findFirst().flatMap(this::panel);
	}

	/** Whether the panel exists, as far as the index knows. */
	boolean knows(long panelId) {
		return this.schedule.knows(panelId);
	}

	/** False until {@link PanelSource#all()} answered once; until then {@link #knows(long)} knows nothing. */
	boolean indexLoaded() {
		return this.indexer.loaded();
	}

	/** The panel's definition as the read model has it now; empty when there is none. */
	Optional<PanelSpec> panel(long panelId) {
		return this.panels.find(panelId);
	}

	/**
	 * Somebody watches {@code views} (one viewer's choice) now; new ones are refreshed at once.
	 * @throws dev.lookout.web.ApiException {@code OVERLOADED} when they would pass {@code MAX_LIVE_VIEWS}
	 */
	void watch(List<PanelView> views) {
		if (this.views.watch(views)) {
			this.workers.wake();
		}
	}

	/** A viewer found no result: asks for a refresh now, unless one is already due or running. */
	void requestRefresh(ViewKey view) {
		if (this.schedule.requestRefresh(view, this.clock.instant())) {
			this.workers.wake();
		}
	}

	/**
	 * One round: the heartbeat, the index if it is not loaded yet, the changes, the views nobody
	 * watches any more, then the due views, most overdue first, as many as workers are free, to the {@link LeasedDispatch}.
	 * @return how many panels the round took up; those another instance holds go back to the
	 * schedule once the claim is answered
	 */
	int tick(Instant now) {
		synchronized (this.tickLock) {
			this.workers.beat(now);
			Crew crew = this.workers.crew();
			if (crew == null) {
				return 0;
			}
			if (!this.indexer.loaded()) {
				this.indexer.loadAll(this.settings.concurrency());
			}
			this.indexer.applyChanges();
			this.views.expire(now);
			return this.dispatch.dispatch(crew, this.schedule.startDue(now, crew.free()), now);
		}
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

}
