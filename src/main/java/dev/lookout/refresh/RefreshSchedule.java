package dev.lookout.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.lookout.dashboards.PanelSpec;

/**
 * Decides which view is due when: each panel's default view (always kept fresh), each view with
 * chosen values while somebody watches it, when each is next due, whether a refresh of it is
 * under way, and how fresh its served result is. Pure bookkeeping: no threads, no clock of its
 * own (every method is told the instant it means), no I/O; one lock (and, for viewers, a
 * lock-free set of the known panels), so that the scheduler, the workers and the viewers may
 * all call it.
 * <p>
 * Rules: a view is due one interval after its last start; a new or edited panel is due at
 * once, and so is a newly watched view; a view whose lease another instance holds is due when
 * that lease ends; a running or removed view is never due; a view with chosen values that
 * nobody watched for its keep time is dropped. There is no backoff after a failure: a failing
 * view is retried on its interval, as a good one is refreshed.
 * <p>
 * Over 300 lines: every rule of when a view is due changes the same entries under one lock (its bookkeeping per view is ScheduledView).
 */
final class RefreshSchedule {

	/** What {@link #watch} did. */
	enum Watch {

		/** The views were scheduled already (or are default views, always scheduled): kept alive. */
		KEPT,

		/** New views among them, due at once. */
		ADDED,

		/** Refused, none added: not all new views fit in as many views with chosen values as may be live. */
		FULL

	}

	private final Map<ViewKey, ScheduledView> entries = new HashMap<>();

	/**
	 * The panels known, readable without the lock: every viewer's read asks whether its panel
	 * exists, and 64 request threads queueing on the lock for that made the read's p99.
	 */
	private final Set<Long> known = ConcurrentHashMap.newKeySet();

	/** Views with chosen values scheduled now; read without the lock by the gauge. */
	private volatile int chosenViews;

	/**
	 * Adds a panel's default view unless it is known already. Due at once, unless a good result
	 * younger than its interval is stored (a restart with Redis): then one interval after that result.
	 */
	synchronized void add(PanelSpec spec, Optional<StoredResult> stored) {
		this.entries.putIfAbsent(ViewKey.of(spec.id()), new ScheduledView(PanelView.defaultOf(spec), stored, null));
		this.known.add(spec.id());
	}

	/**
	 * A created or edited panel: its default view is due at once. A result of another query, data
	 * source or values must not be shown under the new one, so its freshness is forgotten; views
	 * with chosen values of a changed query are dropped (their watchers add them again).
	 * @return the views whose stored results belong to an older query and must be dropped
	 */
	synchronized List<ViewKey> edit(PanelSpec edited) {
		ViewKey key = ViewKey.of(edited.id());
		PanelView view = PanelView.defaultOf(edited);
		ScheduledView entry = this.entries.get(key);
		if (entry == null) {
			this.entries.put(key, new ScheduledView(view, Optional.empty(), null));
			this.known.add(edited.id());
			return List.of();
		}
		List<ViewKey> dropped = new ArrayList<>();
		if (!entry.view.sameQuery(view)) {
			entry.asOf = null;
			entry.staleReason = null;
			dropped.add(key);
		}
		entry.view = view;
		entry.dueAt = Instant.MIN;
		for (ScheduledView chosen : chosenViewsOf(edited.id())) {
			PanelView same = new PanelView(edited, chosen.view.key(), chosen.view.values());
			if (chosen.view.sameQuery(same)) {
				chosen.view = same;
			}
			else {
				drop(chosen.view.key());
				dropped.add(chosen.view.key());
			}
		}
		return dropped;
	}

	/**
	 * Forgets the panel and all its views; a refresh of one still running will not be recorded.
	 * @return the views forgotten
	 */
	synchronized List<ViewKey> remove(long panelId) {
		this.known.remove(panelId);
		List<ViewKey> removed = new ArrayList<>();
		for (ScheduledView entry : List.copyOf(this.entries.values())) {
			if (entry.view.panelId() == panelId) {
				drop(entry.view.key());
				removed.add(entry.view.key());
			}
		}
		return removed;
	}

	/**
	 * Somebody watches {@code views} (one viewer's choice: a view of each panel of a dashboard) at
	 * {@code now}: each view with chosen values is kept for its keep time from now on, and the new
	 * ones are added (due at once) when all of them fit under {@code maxChosen}; otherwise none is,
	 * so a refused choice leaves nothing behind to refresh for nobody. A view made from a definition
	 * the schedule no longer holds is skipped: the next watch brings the current one.
	 */
	synchronized Watch watch(List<PanelView> views, Instant now, int maxChosen) {
		List<PanelView> added = new ArrayList<>();
		List<ScheduledView> kept = new ArrayList<>();
		for (PanelView view : views) {
			ScheduledView panel = this.entries.get(ViewKey.of(view.panelId()));
			if (panel == null || !panel.view.spec().equals(view.spec()) || view.key().isDefault()) {
				continue;
			}
			ScheduledView entry = this.entries.get(view.key());
			if (entry != null) {
				kept.add(entry);
			}
			else if (added.stream().noneMatch((other) -> other.key().equals(view.key()))) {
				added.add(view);
			}
		}
		if (this.chosenViews + added.size() > maxChosen) {
			return Watch.FULL;
		}
		kept.forEach((entry) -> entry.lastWatched = now);
		for (PanelView view : added) {
			this.entries.put(view.key(), new ScheduledView(view, Optional.empty(), now));
			this.chosenViews++;
		}
		return added.isEmpty() ? Watch.KEPT : Watch.ADDED;
	}

	/**
	 * Drops the views with chosen values nobody watched for their keep time (a view being
	 * refreshed stays until its run ends).
	 * @param keep how long a view stays after it was last watched, by its panel's interval
	 * @return the views dropped
	 */
	synchronized List<ViewKey> expire(Instant now, Function<Duration, Duration> keep) {
		List<ViewKey> expired = new ArrayList<>();
		for (ScheduledView entry : List.copyOf(this.entries.values())) {
			if (entry.lastWatched != null && !entry.running
					&& !entry.lastWatched.plus(keep.apply(entry.view.spec().refreshInterval())).isAfter(now)) {
				drop(entry.view.key());
				expired.add(entry.view.key());
			}
		}
		return expired;
	}

	/**
	 * Takes up to {@code limit} due views, most overdue first: each is marked running, its next
	 * run one interval after {@code now}.
	 * @return the views to run, in that order
	 */
	synchronized List<PanelView> startDue(Instant now, int limit) {
		List<ScheduledView> due = this.entries.values()
			.stream()
			.filter((entry) -> !entry.running && !entry.dueAt.isAfter(now))
			.sorted(Comparator.comparing((ScheduledView entry) -> entry.dueAt)
				.thenComparing((entry) -> entry.view.panelId())
				.thenComparing((entry) -> entry.view.key().viewId()))
			.limit(Math.max(0, limit))
			.toList();
		List<PanelView> started = new ArrayList<>(due.size());
		for (ScheduledView entry : due) {
			entry.running = true;
			entry.dueAt = now.plus(entry.view.spec().refreshInterval());
			started.add(entry.view);
		}
		return started;
	}

	/** The refresh started for this view ended, recorded or not. */
	synchronized void finished(ViewKey view) {
		ScheduledView entry = this.entries.get(view);
		if (entry != null) {
			entry.running = false;
		}
	}

	/**
	 * Another instance refreshes the view until {@code until}: it is due here again then, and
	 * what that instance stored is this view's freshness meanwhile. Ends the run started here.
	 */
	synchronized void heldElsewhereUntil(ViewKey view, Instant until, Optional<StoredResult> stored) {
		ScheduledView entry = this.entries.get(view);
		if (entry == null) {
			return;
		}
		entry.running = false;
		entry.dueAt = until;
		stored.ifPresent(entry::sawResult);
	}

	/**
	 * A viewer asked for a view that has no result: makes it due at once, unless it is already
	 * due or running.
	 * @return whether this request changed the schedule, so a round should run now
	 */
	synchronized boolean requestRefresh(ViewKey view, Instant now) {
		ScheduledView entry = this.entries.get(view);
		if (entry == null || entry.running || !entry.dueAt.isAfter(now)) {
			return false;
		}
		entry.dueAt = Instant.MIN;
		return true;
	}

	/**
	 * Records a result of a run of {@code ran}, calling {@code store} to keep it, unless the view
	 * was removed or its query changed since the run started. Under the schedule's lock, so an
	 * edit cannot slip in between the check and the store.
	 * @return whether it was recorded and stored
	 */
	synchronized boolean record(PanelView ran, StoredResult result, Runnable store) {
		ScheduledView entry = this.entries.get(ran.key());
		if (entry == null || !entry.view.sameQuery(ran)) {
			return false;
		}
		store.run();
		entry.sawResult(result);
		return true;
	}

	/** When the view is next due: {@link Instant#MIN} for at once, {@link Instant#MAX} while it runs; empty when unknown. */
	synchronized Optional<Instant> dueAt(ViewKey view) {
		ScheduledView entry = this.entries.get(view);
		if (entry == null) {
			return Optional.empty();
		}
		return Optional.of(entry.running ? Instant.MAX : entry.dueAt);
	}

	boolean knows(long panelId) {
		return this.known.contains(panelId);
	}

	/** Views with chosen values scheduled now. */
	int chosenViews() {
		return this.chosenViews;
	}

	/** The panels of dashboard {@code slug}, by id. */
	synchronized List<Long> panelsOf(String slug) {
		return defaultViews().filter((entry) -> entry.view.spec().dashboardSlug().equals(slug))
			.map((entry) -> entry.view.panelId())
			.sorted()
			.toList();
	}

	/** Each panel's freshness (its default view's), by id. */
	synchronized List<PanelFreshness> freshness() {
		return defaultViews()
			.map((entry) -> new PanelFreshness(entry.view.panelId(), entry.view.spec().refreshInterval(), entry.asOf,
					entry.staleReason))
			.sorted(Comparator.comparingLong(PanelFreshness::panelId))
			.toList();
	}

	/** When the query of the oldest good result of a default view ran; empty when none is served. */
	synchronized Optional<Instant> oldestResult() {
		return defaultViews().map((entry) -> entry.asOf).filter(Objects::nonNull).min(Comparator.naturalOrder());
	}

	private Stream<ScheduledView> defaultViews() {
		return this.entries.values().stream().filter((entry) -> entry.lastWatched == null);
	}

	private List<ScheduledView> chosenViewsOf(long panelId) {
		return this.entries.values()
			.stream()
			.filter((entry) -> entry.lastWatched != null && entry.view.panelId() == panelId)
			.toList();
	}

	private void drop(ViewKey view) {
		ScheduledView dropped = this.entries.remove(view);
		if (dropped != null && dropped.lastWatched != null) {
			this.chosenViews--;
		}
	}

}
