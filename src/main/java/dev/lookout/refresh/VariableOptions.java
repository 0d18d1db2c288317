package dev.lookout.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.datasource.QueryResult;
import dev.lookout.variables.OptionsQuery;
import dev.lookout.variables.Variable;
import dev.lookout.web.ApiException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The options of list variables that come from a query: each query run on its own schedule (its
 * {@code refreshSeconds}) on one thread of its own, its first column kept as the options, the
 * last good list kept when a run fails. Viewers' choices are checked against these lists and the
 * page offers them; neither ever runs the query. Each instance runs its own: one small query per
 * variable per interval.
 */
final class VariableOptions {

	/** The most options a list keeps; a query that returns more is cut there. */
	static final int MAX_OPTIONS = 1000;

	private static final Duration TICK = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(VariableOptions.class);

	private final PanelSource panels;

	private final PanelQuery queries;

	private final Clock clock;

	private final Map<Key, Held> held = new ConcurrentHashMap<>();

	private final Object lifecycleLock = new Object();

	private ScheduledExecutorService thread;

	VariableOptions(PanelSource panels, PanelQuery queries, Clock clock) {
		this.panels = panels;
		this.queries = queries;
		this.clock = clock;
	}

	/** The options of the list {@code name} of dashboard {@code dashboardId}; empty until its query succeeded once. */
	Optional<List<String>> of(long dashboardId, String name) {
		Held current = this.held.get(new Key(dashboardId, name));
		return (current != null && current.options() != null) ? Optional.of(current.options()) : Optional.empty();
	}

	/** When the options of that list were read; empty until its query succeeded once. */
	Optional<Instant> asOf(long dashboardId, String name) {
		Held current = this.held.get(new Key(dashboardId, name));
		return (current != null) ? Optional.ofNullable(current.asOf()) : Optional.empty();
	}

	void start() {
		synchronized (this.lifecycleLock) {
			if (this.thread != null) {
				return;
			}
			CustomizableThreadFactory threads = new CustomizableThreadFactory("lookout-variable-options");
			threads.setDaemon(true);
			this.thread = Executors.newSingleThreadScheduledExecutor(threads);
			this.thread.scheduleWithFixedDelay(this::refreshDue, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/** Interrupts a query under way; its outcome is not kept. Repeatable with {@link #start()}. */
	void stop() {
		ScheduledExecutorService stopping;
		synchronized (this.lifecycleLock) {
			stopping = this.thread;
			this.thread = null;
		}
		if (stopping != null) {
			stopping.shutdownNow();
		}
	}

	/** Runs every options query that is due, one after the other, and forgets lists no dashboard has any more. */
	void refreshDue() {
		Map<Key, OptionsQuery> lists;
		try {
			lists = queried();
		}
		catch (ApiException ex) {
			// No definitions yet (the application database has not answered since the start).
			return;
		}
		Set<Key> current = new LinkedHashSet<>();
		try {
			Instant now = this.clock.instant();
			for (Map.Entry<Key, OptionsQuery> list : lists.entrySet()) {
				current.add(list.getKey());
				Held before = this.held.get(list.getKey());
				if (before == null || !before.query().equals(list.getValue()) || !before.dueAt().isAfter(now)) {
					this.held.put(list.getKey(), read(list.getKey(), list.getValue(), before, now));
				}
			}
			this.held.keySet().retainAll(current);
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again.
			logger.warn("Could not refresh the options of list variables", ex);
		}
	}

	private Map<Key, OptionsQuery> queried() {
		Map<Key, OptionsQuery> lists = new LinkedHashMap<>();
		for (PanelSpec spec : this.panels.all()) {
			for (Variable variable : spec.variables().list()) {
				if (variable.optionsQuery() != null) {
					lists.putIfAbsent(new Key(spec.dashboardId(), variable.name()), variable.optionsQuery());
				}
			}
		}
		return lists;
	}

	private Held read(Key key, OptionsQuery query, Held before, Instant now) {
		Instant next = now.plusSeconds(query.refreshSeconds());
		boolean sameQuery = before != null && before.query().equals(query);
		try {
			QueryResult result = this.queries.run(query.dataSourceId(), query.sql(), Map.of());
			Set<String> options = new LinkedHashSet<>();
			for (List<Object> row : result.rows()) {
				if (!row.isEmpty() && row.get(0) != null && options.size() < MAX_OPTIONS) {
					options.add(String.valueOf(row.get(0)));
				}
			}
			return new Held(query, List.copyOf(options), now, next);
		}
		catch (RuntimeException ex) {
			String reason = ApiException.in(ex).map((api) -> api.code() + ": " + api.getMessage()).orElse(ex.toString());
			logger.warn("The options of variable '" + key.name() + "' of dashboard " + key.dashboardId()
					+ " could not be read (" + reason + "); "
					+ (sameQuery && before.options() != null ? "the last list read is kept" : "only its defaults are accepted"));
			return sameQuery ? new Held(query, before.options(), before.asOf(), next) : new Held(query, null, null, next);
		}
	}

	private record Key(long dashboardId, String name) {
	}

	/** A list as last read; {@code options} is {@code null} until a run succeeded. */
	private record Held(OptionsQuery query, List<String> options, Instant asOf, Instant dueAt) {
	}

}
