package dev.lookout.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.refresh.RefreshWorkers.Crew;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Hands the panels a round took up to the workers: claims their leases in one request it does
 * not wait for, then runs those this instance may refresh and gives the others back to the
 * schedule until their holder's lease ends. The one place that decides whether this instance
 * runs a due panel's query.
 */
final class LeasedDispatch {

	private static final Log logger = LogFactory.getLog(LeasedDispatch.class);

	private final RefreshSchedule schedule;

	private final PanelLeases leases;

	private final PanelRefresher refresher;

	private final ResultCache cache;

	private final RefreshWorkers workers;

	LeasedDispatch(RefreshSchedule schedule, PanelLeases leases, PanelRefresher refresher, ResultCache cache,
			RefreshWorkers workers) {
		this.schedule = schedule;
		this.leases = leases;
		this.refresher = refresher;
		this.cache = cache;
		this.workers = workers;
	}

	/**
	 * Takes a permit of {@code crew} for each panel {@code due} (the schedule marked them running)
	 * and claims their leases; returns before Redis answers, so a slow Redis never holds the round.
	 * @return how many panels were taken up
	 */
	int dispatch(Crew crew, List<PanelSpec> due, Instant now) {
		if (due.isEmpty()) {
			return 0;
		}
		if (!crew.take(due.size())) {
			// Only rounds take permits, one at a time: a crew that lost some is stopping.
			due.forEach((spec) -> this.schedule.finished(spec.id()));
			return 0;
		}
		CompletionStage<Map<Long, Instant>> claimed;
		try {
			claimed = this.leases.claim(due, now);
		}
		catch (RuntimeException ex) {
			// As when Redis cannot answer: this instance refreshes the panels itself.
			logger.warn("Could not claim the leases of the due panels", ex);
			claimed = CompletableFuture.completedFuture(Map.of());
		}
		claimed.whenComplete((heldElsewhere, failure) -> {
			try {
				handOver(crew, due, (heldElsewhere != null) ? heldElsewhere : Map.of());
			}
			catch (RuntimeException ex) {
				logger.error("Could not hand the due panels to the workers", ex);
			}
		});
		return due.size();
	}

	/**
	 * A panel another instance refreshes waits until that lease ends, showing the other's result as
	 * its freshness. Runs where the claim completes (a Redis thread, or the round), so it only
	 * hands tasks over.
	 */
	private void handOver(Crew crew, List<PanelSpec> due, Map<Long, Instant> heldElsewhere) {
		for (PanelSpec spec : due) {
			Instant until = heldElsewhere.get(spec.id());
			if (until == null) {
				if (!crew.execute(() -> refresh(crew, spec))) {
					this.schedule.finished(spec.id());
					crew.release();
				}
				continue;
			}
			// No query to run: the permit is free at once, the stored result read on a worker.
			crew.release();
			if (!crew.execute(() -> heldElsewhere(spec, until))) {
				this.schedule.heldElsewhereUntil(spec.id(), until, Optional.empty());
			}
		}
		if (!heldElsewhere.isEmpty()) {
			// Their slots are free: other due panels need not wait for the next tick.
			this.workers.wake();
		}
	}

	/** Whatever the cache answers, the panel must leave the running state. */
	private void heldElsewhere(PanelSpec spec, Instant until) {
		Optional<StoredResult> stored = Optional.empty();
		try {
			stored = this.cache.get(spec.id());
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read the result another instance stored for panel " + spec.id(), ex);
		}
		this.schedule.heldElsewhereUntil(spec.id(), until, stored);
	}

	private void refresh(Crew crew, PanelSpec spec) {
		Optional<StoredResult> stored;
		try {
			stored = this.refresher.refresh(spec, crew::stopping);
		}
		finally {
			this.schedule.finished(spec.id());
			crew.release();
		}
		// Announced once the panel is free again, so a listener sees it as any later viewer would.
		stored.ifPresent((result) -> this.refresher.announce(spec, result));
	}

}
