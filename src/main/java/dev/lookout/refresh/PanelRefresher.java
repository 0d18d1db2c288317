package dev.lookout.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.datasource.QueryResult;
import dev.lookout.refresh.ResultDocuments.LastError;
import dev.lookout.variables.ChosenValues;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Runs one refresh of a view: the query with its values bound (relative times resolved now), the result document (a good result serialized once, or
 * after a failure the last good one marked stale with the error), the cache, then the
 * {@link PanelRefreshed} notice; and keeps the refresh metrics. It owns no thread: a worker
 * calls it.
 */
final class PanelRefresher {

	private static final Log logger = LogFactory.getLog(PanelRefresher.class);

	private final PanelQuery queries;

	private final ResultCache cache;

	private final ResultDocuments documents;

	private final ApplicationEventPublisher events;

	private final RefreshSchedule schedule;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Timer succeeded;

	private final Timer failed;

	private final AtomicLong refreshes = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	/** Queries run for views with chosen values: their rate is the load viewers' choices add. */
	private final Counter chosenViewQueries;

	private final MinuteRate chosenViewRate = new MinuteRate();

	private final ZoneId zone;

	PanelRefresher(PanelQuery queries, ResultCache cache, ResultDocuments documents, ApplicationEventPublisher events,
			RefreshSchedule schedule, Clock clock, ZoneId zone, MeterRegistry meters) {
		this.queries = queries;
		this.zone = zone;
		this.cache = cache;
		this.documents = documents;
		this.events = events;
		this.schedule = schedule;
		this.clock = clock;
		this.meters = meters;
		this.succeeded = duration("success");
		this.failed = duration("failure");
		Gauge.builder("lookout.refresh.oldest.result.age", this, PanelRefresher::oldestResultAgeSeconds)
			.baseUnit("seconds")
			.description("Age of the oldest good panel result being served")
			.register(meters);
		this.chosenViewQueries = Counter.builder("lookout.views.queries")
			.description("Queries run to refresh views with chosen values (not the panels' default views)")
			.register(meters);
		Gauge.builder("lookout.views.queries.last.minute", this, PanelRefresher::chosenViewQueriesLastMinute)
			.description("Queries run to refresh views with chosen values in the last minute")
			.register(meters);
	}

	/** Queries run for views with chosen values in the last minute. */
	long chosenViewQueriesLastMinute() {
		return this.chosenViewRate.lastMinute(this.clock.instant().getEpochSecond());
	}

	/** Refreshes finished since start, failed ones included. */
	long refreshes() {
		return this.refreshes.get();
	}

	/** Refreshes that failed since start. */
	long failures() {
		return this.failures.get();
	}

	/**
	 * Runs the panel's query and stores the outcome, unless {@code stopping} says the run was
	 * interrupted (the query may have failed only because of that), or the panel was removed or
	 * its query changed meanwhile.
	 * @return what was stored, to {@link #announce} once the panel is free again
	 */
	Optional<StoredResult> refresh(PanelView view, BooleanSupplier stopping) {
		try {
			Attempt attempt = attempt(view);
			return stopping.getAsBoolean() ? Optional.empty() : store(view, attempt);
		}
		catch (RuntimeException ex) {
			logger.error("Could not store the result of view " + view.key(), ex);
			return Optional.empty();
		}
	}

	/** Tells the other modules (and instances, through realtime) about a stored result; a failing listener is logged. */
	void announce(PanelView view, StoredResult stored) {
		try {
			this.events.publishEvent(new PanelRefreshed(view.key(), view.spec().dashboardSlug(),
					stored.resultVersion(), stored.asOf(), stored.stale()));
		}
		catch (RuntimeException ex) {
			logger.error("A listener of the new result of view " + view.key() + " failed", ex);
		}
	}

	private Attempt attempt(PanelView view) {
		PanelSpec spec = view.spec();
		// What the databases keep of a bound time: the result's parameters then say exactly what was bound.
		Instant startedAt = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		if (!view.key().isDefault()) {
			this.chosenViewQueries.increment();
			this.chosenViewRate.record(startedAt.getEpochSecond());
		}
		Timer.Sample sample = Timer.start(this.meters);
		try {
			Map<String, List<Object>> parameters = ChosenValues.bind(spec.variables(), view.values(), startedAt,
					this.zone);
			QueryResult result = this.queries.run(spec.dataSourceId(), spec.sql(), parameters);
			sample.stop(this.succeeded);
			counter("success", "OK").increment();
			this.refreshes.incrementAndGet();
			return new Attempt(startedAt, result, null, parameters);
		}
		catch (RuntimeException ex) {
			// Spring wraps one that the application database's guard raised: a data-source pool opened
			// on first use reads its definition there.
			Optional<ApiException> known = ApiException.in(ex);
			if (known.isEmpty()) {
				logger.error("Refreshing view " + view.key() + " failed unexpectedly", ex);
				return failure(sample, startedAt, ErrorCode.INTERNAL_ERROR,
						"The refresh failed unexpectedly; the server log has the details.");
			}
			ApiException api = known.get();
			if (logger.isDebugEnabled()) {
				logger.debug("Refreshing view " + view.key() + " failed with " + api.code() + ": " + api.getMessage());
			}
			return failure(sample, startedAt, api.code(), api.getMessage());
		}
	}

	private Attempt failure(Timer.Sample sample, Instant startedAt, ErrorCode code, String message) {
		sample.stop(this.failed);
		counter("failure", code.name()).increment();
		this.failures.incrementAndGet();
		this.refreshes.incrementAndGet();
		return new Attempt(startedAt, null, new LastError(code.name(), message, this.clock.instant()), Map.of());
	}

	/** Serializes the outcome once and stores it, unless the view was removed or its query changed meanwhile. */
	private Optional<StoredResult> store(PanelView view, Attempt attempt) {
		Optional<StoredResult> previous = this.cache.get(view.key());
		long version = nextVersion(previous);
		StoredResult result = (attempt.error() == null)
				? this.documents.ok(view.key(), attempt.result(), attempt.startedAt(), version, attempt.parameters())
				: this.documents.failed(view.key(), previous, attempt.error(), version);
		boolean stored = this.schedule.record(view, result, () -> this.cache.put(view.key(), result));
		return stored ? Optional.of(result) : Optional.empty();
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
		return this.schedule.oldestResult()
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

	private record Attempt(Instant startedAt, QueryResult result, LastError error,
			Map<String, List<Object>> parameters) {

	}

}
