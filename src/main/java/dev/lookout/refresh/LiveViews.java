package dev.lookout.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps the views with chosen values that somebody watches, within {@code MAX_LIVE_VIEWS}: a
 * watch adds a view to the schedule or keeps it, beyond the cap a new one is refused with
 * {@code OVERLOADED}, and each round drops the views nobody watched for their keep time (and
 * this instance's copy of their results). The database load of the choices is so bounded by the
 * distinct views watched, never by the number of viewers.
 */
final class LiveViews {

	/** How soon a refused viewer may try again: views expire on their own within a keep time. */
	private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

	private final RefreshSchedule schedule;

	private final ResultCache cache;

	private final RefreshSettings settings;

	private final Clock clock;

	LiveViews(RefreshSchedule schedule, ResultCache cache, RefreshSettings settings, Clock clock, MeterRegistry meters) {
		this.schedule = schedule;
		this.cache = cache;
		this.settings = settings;
		this.clock = clock;
		Gauge.builder("lookout.views.live", schedule, RefreshSchedule::chosenViews)
			.description("Views with chosen values kept fresh on this instance")
			.register(meters);
		Gauge.builder("lookout.views.max", settings, RefreshSettings::maxLiveViews)
			.description("The most views with chosen values this instance keeps fresh at once (MAX_LIVE_VIEWS)")
			.register(meters);
	}

	/**
	 * Somebody watches {@code views} (one viewer's choice) now.
	 * @return whether any is new here, so its first refresh is due at once
	 * @throws ApiException {@code OVERLOADED} when the new ones do not all fit under the cap (none is added)
	 */
	boolean watch(List<PanelView> views) {
		RefreshSchedule.Watch outcome = this.schedule.watch(views, this.clock.instant(), this.settings.maxLiveViews());
		if (outcome == RefreshSchedule.Watch.FULL) {
			throw new ApiException(ErrorCode.OVERLOADED, "This instance keeps as many views with chosen values fresh"
					+ " as it may (" + this.settings.maxLiveViews() + ", MAX_LIVE_VIEWS); the dashboard with its"
					+ " default values is served meanwhile, and views nobody watches expire shortly.", RETRY_AFTER);
		}
		return outcome == RefreshSchedule.Watch.ADDED;
	}

	/** Drops the views nobody watched for their keep time; the shared cache keeps their results until they expire. */
	void expire(Instant now) {
		List<ViewKey> expired = this.schedule.expire(now, this.settings::viewKeep);
		expired.forEach(this.cache::release);
	}

}
