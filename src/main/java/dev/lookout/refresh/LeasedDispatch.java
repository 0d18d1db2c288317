package dev.lookout.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.lookout.refresh.RefreshWorkers.Crew;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Hands the views a round took up to the workers: claims their leases in one request it does
 * not wait for, then runs those this instance may refresh and gives the others back to the
 * schedule until their holder's lease ends. The one place that decides whether this instance
 * runs a due view's query.
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
	 * Takes a permit of {@code crew} for each view {@code due} (the schedule marked them running)
	 * and claims their leases; returns before Redis answers, so a slow Redis never holds the round.
	 * @return how many views were taken up
	 */
	int dispatch(Crew crew, List<PanelView> due, Instant now) {
		if (due.isEmpty()) {
			return 0;
		}
		if (!crew.take(due.size())) {
			// Only rounds take permits, one at a time: a crew that lost some is stopping.
			due.forEach((view) -> this.schedule.finished(view.key()));
			return 0;
		}
		CompletionStage<Map<ViewKey, Instant>> claimed;
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
	private void handOver(Crew crew, List<PanelView> due, Map<ViewKey, Instant> heldElsewhere) {
		for (PanelView view : due) {
			Instant until = heldElsewhere.get(view.key());
			if (until == null) {
				if (!crew.execute(() -> refresh(crew, view))) {
					this.schedule.finished(view.key());
					crew.release();
				}
				continue;
			}
			// No query to run: the permit is free at once, the stored result read on a worker.
			crew.release();
			if (!crew.execute(() -> heldElsewhere(view, until))) {
				this.schedule.heldElsewhereUntil(view.key(), until, Optional.empty());
			}
		}
		if (!heldElsewhere.isEmpty()) {
			// Their slots are free: other due panels need not wait for the next tick.
			this.workers.wake();
		}
	}

	/** Whatever the cache answers, the panel must leave the running state. */
	private void heldElsewhere(PanelView view, Instant until) {
		Optional<StoredResult> stored = Optional.empty();
		try {
			stored = this.cache.get(view.key());
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read the result another instance stored for view " + view.key(), ex);
		}
		this.schedule.heldElsewhereUntil(view.key(), until, stored);
	}

	private void refresh(Crew crew, PanelView view) {
		Optional<StoredResult> stored;
		try {
			stored = this.refresher.refresh(view, crew::stopping);
		}
		finally {
			this.schedule.finished(view.key());
			crew.release();
			// The worker is free now: a due view need not wait for the next tick.
			this.workers.wake();
		}
		// Announced once the view is free again, so a listener sees it as any later viewer would.
		stored.ifPresent((result) -> this.refresher.announce(view, result));
	}

}
