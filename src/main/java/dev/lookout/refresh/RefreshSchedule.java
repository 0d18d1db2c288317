package dev.lookout.refresh;

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

import dev.lookout.dashboards.PanelSpec;

/**
 * Decides which panel is due when: each known panel's definition, when it is next due, whether
 * a refresh of it is under way, and how fresh its served result is. Pure bookkeeping: no
 * threads, no clock of its own (every method is told the instant it means), no I/O; one lock
 * (and, for viewers, a lock-free set of the known panels),
 * so that the scheduler, the workers and the viewers may all call it.
 * <p>
 * Rules: a panel is due one interval after its last start; a new or edited panel is due at
 * once; a panel whose lease another instance holds is due when that lease ends; a running or
 * removed panel is never due. There is no backoff after a failure: a failing panel is retried
 * on its interval, as a good one is refreshed.
 */
final class RefreshSchedule {

	private final Map<Long, Entry> entries = new HashMap<>();

	/**
	 * The keys of {@code entries}, readable without the lock: every viewer's read asks whether its
	 * panel exists, and 64 request threads queueing on the lock for that made the read's p99.
	 */
	private final Set<Long> known = ConcurrentHashMap.newKeySet();

	/**
	 * Adds a panel unless it is known already. Due at once, unless a good result younger than its
	 * interval is stored (a restart with Redis): then one interval after that result.
	 */
	synchronized void add(PanelSpec spec, Optional<StoredResult> stored) {
		this.entries.putIfAbsent(spec.id(), new Entry(spec, stored));
		this.known.add(spec.id());
	}

	/**
	 * A created or edited panel: due at once. A result of another query or data source must not
	 * be shown under the new one, so its freshness is forgotten.
	 * @return whether the stored result belongs to an older query and must be dropped
	 */
	synchronized boolean edit(PanelSpec edited) {
		Entry entry = this.entries.get(edited.id());
		if (entry == null) {
			this.entries.put(edited.id(), new Entry(edited, Optional.empty()));
			this.known.add(edited.id());
			return false;
		}
		boolean queryChanged = !sameQuery(entry.spec, edited);
		if (queryChanged) {
			entry.asOf = null;
			entry.staleReason = null;
		}
		entry.spec = edited;
		entry.dueAt = Instant.MIN;
		return queryChanged;
	}

	/**
	 * Forgets the panel; a refresh of it still running will not be recorded.
	 * @return whether it was known
	 */
	synchronized boolean remove(long panelId) {
		this.known.remove(panelId);
		return this.entries.remove(panelId) != null;
	}

	/**
	 * Takes up to {@code limit} due panels, most overdue first: each is marked running, its next
	 * run one interval after {@code now}.
	 * @return the definitions to run, in that order
	 */
	synchronized List<PanelSpec> startDue(Instant now, int limit) {
		List<Entry> due = this.entries.values()
			.stream()
			.filter((entry) -> !entry.running && !entry.dueAt.isAfter(now))
			.sorted(Comparator.comparing((Entry entry) -> entry.dueAt).thenComparing((entry) -> entry.spec.id()))
			.limit(Math.max(0, limit))
			.toList();
		List<PanelSpec> started = new ArrayList<>(due.size());
		for (Entry entry : due) {
			entry.running = true;
			entry.dueAt = now.plus(entry.spec.refreshInterval());
			started.add(entry.spec);
		}
		return started;
	}

	/** The refresh started for this panel ended, recorded or not. */
	synchronized void finished(long panelId) {
		Entry entry = this.entries.get(panelId);
		if (entry != null) {
			entry.running = false;
		}
	}

	/**
	 * Another instance refreshes the panel until {@code until}: it is due here again then, and
	 * what that instance stored is this panel's freshness meanwhile. Ends the run started here.
	 */
	synchronized void heldElsewhereUntil(long panelId, Instant until, Optional<StoredResult> stored) {
		Entry entry = this.entries.get(panelId);
		if (entry == null) {
			return;
		}
		entry.running = false;
		entry.dueAt = until;
		stored.ifPresent(entry::sawResult);
	}

	/**
	 * A viewer asked for a panel that has no result: makes it due at once, unless it is already
	 * due or running.
	 * @return whether this request changed the schedule, so a round should run now
	 */
	synchronized boolean requestRefresh(long panelId, Instant now) {
		Entry entry = this.entries.get(panelId);
		if (entry == null || entry.running || !entry.dueAt.isAfter(now)) {
			return false;
		}
		entry.dueAt = Instant.MIN;
		return true;
	}

	/**
	 * Records a result of a run of {@code ran}, calling {@code store} to keep it, unless the panel
	 * was removed or its query changed since the run started. Under the schedule's lock, so an
	 * edit cannot slip in between the check and the store.
	 * @return whether it was recorded and stored
	 */
	synchronized boolean record(PanelSpec ran, StoredResult result, Runnable store) {
		Entry entry = this.entries.get(ran.id());
		if (entry == null || !sameQuery(entry.spec, ran)) {
			return false;
		}
		store.run();
		entry.sawResult(result);
		return true;
	}

	/** When the panel is next due: {@link Instant#MIN} for at once, {@link Instant#MAX} while it runs; empty when unknown. */
	synchronized Optional<Instant> dueAt(long panelId) {
		Entry entry = this.entries.get(panelId);
		if (entry == null) {
			return Optional.empty();
		}
		return Optional.of(entry.running ? Instant.MAX : entry.dueAt);
	}

	boolean knows(long panelId) {
		return this.known.contains(panelId);
	}

	/** The panels of dashboard {@code slug}, by id. */
	synchronized List<Long> panelsOf(String slug) {
		return this.entries.values()
			.stream()
			.filter((entry) -> entry.spec.dashboardSlug().equals(slug))
			.map((entry) -> entry.spec.id())
			.sorted()
			.toList();
	}

	/** Each panel's freshness, by id. */
	synchronized List<PanelFreshness> freshness() {
		return this.entries.values()
			.stream()
			.map((entry) -> new PanelFreshness(entry.spec.id(), entry.spec.refreshInterval(), entry.asOf,
					entry.staleReason))
			.sorted(Comparator.comparingLong(PanelFreshness::panelId))
			.toList();
	}

	/** When the query of the oldest good result being served ran; empty when none is. */
	synchronized Optional<Instant> oldestResult() {
		return this.entries.values()
			.stream()
			.map((entry) -> entry.asOf)
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder());
	}

	private static boolean sameQuery(PanelSpec one, PanelSpec other) {
		return one.dataSourceId() == other.dataSourceId() && one.sql().equals(other.sql());
	}

	/** One panel's place in the schedule; changed only under the schedule's lock. */
	private static final class Entry {

		private PanelSpec spec;

		/** {@link Instant#MIN} means at once. */
		private Instant dueAt;

		private boolean running;

		/** When the query of the good result being served ran, for the age gauge and the health probe. */
		private Instant asOf;

		/** The error code of the last refresh if it failed; {@code null} after a success. */
		private String staleReason;

		Entry(PanelSpec spec, Optional<StoredResult> stored) {
			this.spec = spec;
			this.dueAt = Instant.MIN;
			stored.ifPresent(this::sawResult);
			if (this.asOf != null) {
				this.dueAt = this.asOf.plus(spec.refreshInterval());
			}
		}

		/** A pending result keeps the last good one's time; a good one after a failure clears the reason. */
		void sawResult(StoredResult result) {
			if (!result.pending()) {
				this.asOf = result.asOf();
			}
			this.staleReason = result.stale() ? result.staleReason() : null;
		}

	}

}
