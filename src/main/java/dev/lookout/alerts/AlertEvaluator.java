package dev.lookout.alerts;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lookout.database.ApplicationDatabase;
import dev.lookout.refresh.PanelRefreshed;
import dev.lookout.refresh.PanelResults;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The evaluation thread and its queue: hands each {@link PanelRefreshed} of a view with rules to
 * one thread, where the rules are read again and the waiting changes retried on schedule.
 * <p>
 * {@link PanelRefreshed} is published only by the instance that ran the refresh, the lease holder,
 * once per refresh; the listener only queues it (bounded at {@value #MAX_QUEUED_EVALUATIONS};
 * beyond, the evaluation is skipped, counted and logged; the view's next refresh evaluates again),
 * so a refresh worker is never slowed by the application database. On the thread:
 * {@link AlertEvaluation} evaluates from the stored result, {@link PendingTransitions} holds the
 * changes the database cannot take yet and writes them (retried every {@value #RETRY_SECONDS} s),
 * {@link EvaluatedRules} knows the rules, read again every {@value #RELOAD_SECONDS} s (a change
 * made on another instance is evaluated from then on) and once a change made here is committed.
 */
class AlertEvaluator {

	static final int MAX_QUEUED_EVALUATIONS = 1000;

	static final int RETRY_SECONDS = 2;

	static final int RELOAD_SECONDS = 10;

	private static final Log logger = LogFactory.getLog(AlertEvaluator.class);

	private final EvaluatedRules known;

	private final PendingTransitions pending;

	private final AlertEvaluation evaluation;

	private final ScheduledThreadPoolExecutor thread;

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicBoolean started = new AtomicBoolean();

	private final Counter skipped;

	AlertEvaluator(AlertRules rules, PanelResults results, ApplicationDatabase database,
			TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock, AlertSettings settings,
			MeterRegistry meters) {
		this.pending = new PendingTransitions(new TransitionWriter(rules, transactions, events), database, settings,
				meters);
		this.known = new EvaluatedRules(rules, results, database, this.pending, meters);
		// Counted per rule evaluated: across instances, one per refresh of the rule's view.
		Counter evaluations = Counter.builder("lookout.alerts.evaluations")
			.description("Alert rules evaluated on a refreshed result, one per rule and refresh of its view")
			.register(meters);
		this.evaluation = new AlertEvaluation(this.known, this.pending, rules, results, database, clock, evaluations);
		this.thread = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "alert-evaluation");
			thread.setDaemon(true);
			return thread;
		});
		this.skipped = Counter.builder("lookout.alerts.evaluations.skipped")
			.description("Refreshes whose alert evaluation was skipped because the evaluation queue was full")
			.register(meters);
	}

	/**
	 * Starts reading the rules and retrying the waiting changes, once the context is refreshed: earlier,
	 * the thread would obtain beans that are still being created. Once.
	 */
	@EventListener(ContextRefreshedEvent.class)
	void start() {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		this.thread.scheduleWithFixedDelay(this::reloadQuietly, 0, RELOAD_SECONDS, TimeUnit.SECONDS);
		this.thread.scheduleWithFixedDelay(this::flushQuietly, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
	}

	void stop(Duration within) throws InterruptedException {
		this.thread.shutdown();
		this.thread.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS);
		this.pending.warnIfAnyLeft();
	}

	@EventListener
	void on(PanelRefreshed refreshed) {
		if (!this.known.onPanel(refreshed.panelId())) {
			return;
		}
		if (this.queued.incrementAndGet() > MAX_QUEUED_EVALUATIONS) {
			this.queued.decrementAndGet();
			this.skipped.increment();
			logger.warn("Alert evaluation of view " + refreshed.view() + " skipped: " + MAX_QUEUED_EVALUATIONS
					+ " evaluations are waiting already; its next refresh evaluates it");
			return;
		}
		try {
			this.thread.execute(() -> {
				this.queued.decrementAndGet();
				try {
					evaluate(refreshed);
				}
				catch (RuntimeException ex) {
					logger.error("Alert evaluation of view " + refreshed.view() + " failed", ex);
				}
			});
		}
		catch (RuntimeException ex) {
			// Stopping.
			this.queued.decrementAndGet();
		}
	}

	/** Reads the rules again soon, on the evaluation thread, once the current transaction (if any) is committed. */
	void rulesChanged() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					reloadSoon();
				}
			});
		}
		else {
			reloadSoon();
		}
	}

	private void reloadSoon() {
		try {
			this.thread.execute(this::reloadQuietly);
		}
		catch (RuntimeException ex) {
			// Stopping.
		}
	}

	/** What this instance last knew of a rule's standing, when the database is not asked. */
	Optional<Standing> known(long ruleId) {
		return this.known.known(ruleId);
	}

	int pendingWrites() {
		return this.pending.size();
	}

	double dropped() {
		return this.pending.dropped();
	}

	/** The counts per state, for the page. */
	Map<AlertState, Integer> counts() {
		return this.known.counts();
	}

	void evaluate(PanelRefreshed refreshed) {
		this.evaluation.evaluate(refreshed);
	}

	/** Writes what waits, in order, while the database takes it. */
	void flush() {
		this.pending.flush();
	}

	void reload() {
		this.known.reload();
	}

	private void flushQuietly() {
		try {
			flush();
		}
		catch (RuntimeException ex) {
			logger.error("Writing the waiting alert state changes failed", ex);
		}
	}

	private void reloadQuietly() {
		try {
			reload();
		}
		catch (RuntimeException ex) {
			logger.warn("Alert rules could not be read again; evaluating the rules known: " + ex.getMessage());
		}
	}

}
