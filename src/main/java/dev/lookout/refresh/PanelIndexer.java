package dev.lookout.refresh;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.lookout.dashboards.PanelChanged;
import dev.lookout.dashboards.PanelSpec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the schedule's panels (their default views) in step with the dashboards module: lists them all until that
 * succeeds once, then reads again each panel a {@link PanelChanged} named. Reads run on the
 * scheduler's round, so an application database that hangs holds the round, and its heartbeat,
 * where the watchdog sees it.
 */
final class PanelIndexer {

	private static final Log logger = LogFactory.getLog(PanelIndexer.class);

	private final PanelSource panels;

	private final RefreshSchedule schedule;

	private final ResultCache cache;

	/** Panels created or edited since the last round; the next round reads them. */
	private final Set<Long> changed = ConcurrentHashMap.newKeySet();

	private volatile boolean loaded;

	private boolean failureLogged;

	PanelIndexer(PanelSource panels, RefreshSchedule schedule, ResultCache cache) {
		this.panels = panels;
		this.schedule = schedule;
		this.cache = cache;
	}

	/** False until {@link PanelSource#all()} answered once; until then the schedule knows nothing. */
	boolean loaded() {
		return this.loaded;
	}

	/** Lists every panel into the schedule, each with the result stored for it; a failure is retried by the next call. */
	void loadAll(int concurrency) {
		try {
			List<PanelSpec> all = this.panels.all();
			for (PanelSpec spec : all) {
				// Outside the schedule's lock: the cache may ask Redis.
				if (!this.schedule.knows(spec.id())) {
					this.schedule.add(spec, this.cache.get(ViewKey.of(spec.id())));
				}
			}
			this.loaded = true;
			logger.info("Refreshing " + all.size() + " panels, at most " + concurrency + " at once");
		}
		catch (RuntimeException ex) {
			if (!this.failureLogged) {
				this.failureLogged = true;
				logger.warn("Cannot load the panels to refresh; retrying every round", ex);
			}
		}
	}

	/** A panel was created or edited: the next {@link #applyChanges()} reads it. */
	void changed(long panelId) {
		this.changed.add(panelId);
	}

	/**
	 * Reads the changed panels: an edited one is due at once, one gone since is forgotten. Stops
	 * at the first read that fails; that panel and the rest wait for the next call.
	 */
	void applyChanges() {
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
				// Safe outside the schedule's lock: a run of the new query starts only on a later
				// step of this round, and a run of the old one is no longer recorded.
				this.schedule.edit(spec.get()).forEach(this.cache::remove);
			}
		}
	}

	/**
	 * Forgets the panel and the results of its views. The schedule first: a refresh of one
	 * finishing in between is no longer recorded, and one recorded before is removed here.
	 */
	void forget(long panelId) {
		this.schedule.remove(panelId).forEach(this.cache::remove);
		// Its default view's result, even when the schedule never knew the panel (index not loaded).
		this.cache.remove(ViewKey.of(panelId));
	}

}
