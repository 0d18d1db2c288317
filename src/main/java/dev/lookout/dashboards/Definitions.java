package dev.lookout.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.lookout.datasource.DataSourceSummary;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The read model: the definitions every instance holds in memory, which pages, the dashboards
 * API, the cache updater and so the result reads and the event stream use, so that a view never
 * queries the application database. {@link DefinitionsSync} replaces it; each replacement
 * announces the panels it changed or removed with {@link PanelChanged}, whether the change was
 * made here or on another instance.
 */
public final class Definitions {

	/** Where the definitions held now came from. */
	public enum Origin {

		/** Read from the application database. */
		DATABASE,

		/** The snapshot another instance left in Redis, read while the database was unavailable. */
		REDIS

	}

	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final ApplicationEventPublisher events;

	/** {@code null} until the first definitions are in. */
	private volatile Held held;

	Definitions(ApplicationEventPublisher events) {
		this.events = events;
	}

	public boolean loaded() {
		return this.held != null;
	}

	public Optional<Origin> origin() {
		Held current = this.held;
		return (current != null) ? Optional.of(current.origin()) : Optional.empty();
	}

	/** The version of the definitions held; 0 before any. */
	public long version() {
		Held current = this.held;
		return (current != null) ? current.snapshot().version() : 0;
	}

	/** When the application database was last seen to have exactly these definitions. */
	public Optional<Instant> asOf() {
		Held current = this.held;
		return (current != null) ? Optional.of(current.asOf()) : Optional.empty();
	}

	/** Every panel, as the cache updater schedules them. */
	public List<PanelSpec> panels() {
		return snapshot().panels();
	}

	public Optional<PanelSpec> panel(long id) {
		return snapshot().panel(id);
	}

	/**
	 * @throws ApiException {@code APP_DATABASE_UNAVAILABLE} before the first definitions are in:
	 * the database has not answered since the start and Redis had no snapshot
	 */
	DefinitionsSnapshot snapshot() {
		Held current = this.held;
		if (current == null) {
			throw new ApiException(ErrorCode.APP_DATABASE_UNAVAILABLE, "Lookout has not loaded the dashboards yet:"
					+ " the application database has not answered since this instance started. Retry shortly.",
					RETRY_AFTER);
		}
		return current.snapshot();
	}

	Optional<Dashboard> dashboard(String slug) {
		return snapshot().dashboard(slug);
	}

	List<DashboardSummary> summaries() {
		return snapshot().summaries();
	}

	/** The summaries of the dashboards the current user may see ({@link AccessRules}). */
	List<DashboardSummary> visibleSummaries() {
		return snapshot().visibleSummaries();
	}

	List<DataSourceSummary> dataSources() {
		return snapshot().dataSources();
	}

	/**
	 * Holds {@code next} unless what is held is newer, then announces the panels that differ.
	 * @return whether {@code next} is held now
	 */
	boolean replace(DefinitionsSnapshot next, Origin origin, Instant asOf) {
		Held previous;
		synchronized (this) {
			previous = this.held;
			if (previous != null && (previous.snapshot().version() > next.version()
					|| (previous.snapshot().version() == next.version() && origin == Origin.REDIS))) {
				return false;
			}
			this.held = new Held(next, origin, asOf);
		}
		if (previous != null) {
			announceChanges(previous.snapshot(), next);
		}
		return true;
	}

	/** The database still has the version held: the definitions are current as of {@code checkedAt}. */
	synchronized void confirm(long version, Instant checkedAt) {
		Held current = this.held;
		if (current != null && current.snapshot().version() == version && current.origin() == Origin.DATABASE
				&& checkedAt.isAfter(current.asOf())) {
			this.held = new Held(current.snapshot(), Origin.DATABASE, checkedAt);
		}
	}

	private void announceChanges(DefinitionsSnapshot before, DefinitionsSnapshot after) {
		for (PanelSpec old : before.panels()) {
			if (after.panel(old.id()).isEmpty()) {
				this.events.publishEvent(new PanelChanged(old.id(), true));
			}
		}
		for (PanelSpec spec : after.panels()) {
			if (before.panel(spec.id()).filter(spec::equals).isEmpty()) {
				this.events.publishEvent(new PanelChanged(spec.id(), false));
			}
		}
	}

	private record Held(DefinitionsSnapshot snapshot, Origin origin, Instant asOf) {
	}

}
