package dev.lookout.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lookout.database.ApplicationDatabase;
import dev.lookout.refresh.PanelRefreshed;
import dev.lookout.refresh.PanelResults;
import dev.lookout.refresh.ViewKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates the rules of a view each time this instance refreshed it ({@link PanelRefreshed} is
 * published only by the instance that ran the refresh, the lease holder, once per refresh), from
 * the stored result: no query of its own against a data source.
 * <p>
 * The listener only hands the event to one evaluation thread (a queue bounded at
 * {@value #MAX_QUEUED_EVALUATIONS}; beyond, the evaluation is skipped, counted and logged; the
 * view's next refresh evaluates again), so a refresh worker is never slowed by the application
 * database. On that thread: the rule's standing is read from {@code alert_state} (the lease may
 * have moved here from another instance), the state machine steps, and a change is written in
 * one transaction (state, transition) with {@link AlertTransitioned} published inside it.
 * <p>
 * While the application database cannot take it, evaluation goes on from the standings kept in
 * memory, and the changes wait in memory in order, at most {@code ALERT_PENDING_TRANSITIONS}
 * ({@link AlertSettings}); they are written (and announced) in order once it answers, retried
 * every {@value #RETRY_SECONDS} s. Beyond the bound the oldest is dropped, counted
 * ({@code lookout_alerts_dropped_total}) and logged.
 * <p>
 * Rules are read again every {@value #RELOAD_SECONDS} s (a change made on another instance is
 * evaluated from then on) and at once after a change here; a rule on a view other than its
 * panel's default keeps that view live ({@link PanelResults#watchView}).
 */
class AlertEvaluator {

	static final int MAX_QUEUED_EVALUATIONS = 1000;

	static final int RETRY_SECONDS = 2;

	static final int RELOAD_SECONDS = 10;

	private static final Log logger = LogFactory.getLog(AlertEvaluator.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	/** What waits for the application database: a step of a rule, in order. */
	record PendingWrite(AlertRule rule, String dashboardSlug, AlertStateMachine.Step step) {

	}

	private final AlertRules rules;

	private final PanelResults results;

	private final ApplicationDatabase database;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final AlertStateMachine machine;

	private final Clock clock;

	private final int pendingBound;

	private final ScheduledThreadPoolExecutor thread;

	private final AtomicInteger queued = new AtomicInteger();

	private final Counter dropped;

	private final Counter skipped;

	/** Rules by panel id; replaced whole on each reload. Read and written on the evaluation thread only. */
	private volatile Map<Long, List<AlertRule>> byPanel = Map.of();

	/** The view each rule watches, once known. */
	private final Map<Long, ViewKey> views = new ConcurrentHashMap<>();

	/** The standing of every rule as this instance last knew it: what the API shows without the database, and the metrics. */
	private final Map<Long, Standing> standings = new ConcurrentHashMap<>();

	/** Evaluation thread only. */
	private final Deque<PendingWrite> pending = new ArrayDeque<>();

	private volatile int pendingSize;

	AlertEvaluator(AlertRules rules, PanelResults results, ApplicationDatabase database,
			TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock, AlertSettings settings,
			MeterRegistry meters) {
		this.rules = rules;
		this.results = results;
		this.database = database;
		this.transactions = transactions;
		this.events = events;
		this.machine = new AlertStateMachine(clock);
		this.clock = clock;
		this.pendingBound = settings.pendingTransitions();
		this.thread = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "alert-evaluation");
			thread.setDaemon(true);
			return thread;
		});
		this.dropped = Counter.builder("lookout.alerts.dropped")
			.description("Alert state changes dropped while the application database could not take them")
			.register(meters);
		this.skipped = Counter.builder("lookout.alerts.evaluations.skipped")
			.description("Refreshes whose alert evaluation was skipped because the evaluation queue was full")
			.register(meters);
		for (AlertState state : AlertState.values()) {
			Gauge.builder("lookout.alerts", this, (evaluator) -> evaluator.count(state))
				.description("Alert rules in each state")
				.tag("state", state.name())
				.register(meters);
		}
		Gauge.builder("lookout.alerts.pending.writes", this, (evaluator) -> evaluator.pendingSize)
			.description("Alert state changes waiting for the application database")
			.register(meters);
	}

	void start() {
		this.thread.scheduleWithFixedDelay(this::reloadQuietly, 0, RELOAD_SECONDS, TimeUnit.SECONDS);
		this.thread.scheduleWithFixedDelay(this::flushQuietly, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
	}

	void stop(Duration within) throws InterruptedException {
		this.thread.shutdown();
		this.thread.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS);
		if (!this.pending.isEmpty()) {
			logger.warn(this.pending.size() + " alert state changes could not be written before the stop");
		}
	}

	@EventListener
	void on(PanelRefreshed refreshed) {
		if (!this.byPanel.containsKey(refreshed.panelId())) {
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

	/** Reads the rules again soon, on the evaluation thread (after a change made here). */
	void rulesChanged() {
		try {
			this.thread.execute(this::reloadQuietly);
		}
		catch (RuntimeException ex) {
			// Stopping.
		}
	}

	/** What this instance last knew of a rule's standing, when the database is not asked. */
	Optional<Standing> known(long ruleId) {
		return Optional.ofNullable(this.standings.get(ruleId));
	}

	int pendingWrites() {
		return this.pendingSize;
	}

	double dropped() {
		return this.dropped.count();
	}

	private int count(AlertState state) {
		int count = 0;
		for (List<AlertRule> panelRules : this.byPanel.values()) {
			for (AlertRule rule : panelRules) {
				Standing standing = this.standings.get(rule.id());
				if (((standing != null) ? standing.state() : AlertState.OK) == state) {
					count++;
				}
			}
		}
		return count;
	}

	void evaluate(PanelRefreshed refreshed) {
		List<AlertRule> candidates = this.byPanel.getOrDefault(refreshed.panelId(), List.of())
			.stream()
			.filter((rule) -> refreshed.view().equals(viewOf(rule)))
			.toList();
		if (candidates.isEmpty()) {
			return;
		}
		JsonNode document = this.results.current(refreshed.view(), refreshed.resultVersion())
			.map((result) -> json.readTree(result.body()))
			.orElse(null);
		if (document == null) {
			return;
		}
		Map<Long, Standing> stored = storedStandings(candidates);
		for (AlertRule rule : candidates) {
			Standing current = stored.getOrDefault(rule.id(),
					this.standings.getOrDefault(rule.id(), Standing.initial(rule.createdAt())));
			Outcome outcome = Conditions.evaluate(rule, document, this.clock.instant());
			AlertStateMachine.Step step = this.machine.step(rule, current, outcome);
			this.standings.put(rule.id(), step.next());
			if (step.changed()) {
				save(new PendingWrite(rule, refreshed.dashboardSlug(), step));
			}
		}
	}

	/** The standings in the database, unless it cannot be read or this instance has newer ones waiting for it. */
	private Map<Long, Standing> storedStandings(List<AlertRule> candidates) {
		if (!this.pending.isEmpty() || !this.database.available()) {
			return Map.of();
		}
		try {
			return this.rules.standings(candidates.stream().map(AlertRule::id).toList());
		}
		catch (RuntimeException ex) {
			logger.warn("Alert states could not be read; evaluating from memory: " + ex.getMessage());
			return Map.of();
		}
	}

	private ViewKey viewOf(AlertRule rule) {
		if (rule.view().isEmpty()) {
			return ViewKey.of(rule.panelId());
		}
		return this.views.get(rule.id());
	}

	private void save(PendingWrite write) {
		if (this.pending.isEmpty() && this.database.available()) {
			try {
				write(write);
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("An alert state change could not be written; it waits in memory: " + ex.getMessage());
			}
		}
		enqueue(write);
	}

	private void enqueue(PendingWrite write) {
		this.pending.addLast(write);
		while (this.pending.size() > this.pendingBound) {
			PendingWrite oldest = this.pending.removeFirst();
			this.dropped.increment();
			AlertStateMachine.Step step = oldest.step();
			logger.error("Alert state change dropped, " + this.pendingBound
					+ " (ALERT_PENDING_TRANSITIONS) are waiting for the application database already: rule "
					+ oldest.rule().id() + " " + step.before().state() + " -> " + step.next().state() + " at "
					+ step.at());
		}
		this.pendingSize = this.pending.size();
	}

	/** Writes what waits, in order, while the database takes it. */
	void flush() {
		while (!this.pending.isEmpty() && this.database.available()) {
			try {
				write(this.pending.peekFirst());
			}
			catch (RuntimeException ex) {
				logger.warn("Alert state changes still cannot be written (" + this.pending.size() + " waiting): "
						+ ex.getMessage());
				return;
			}
			this.pending.removeFirst();
			this.pendingSize = this.pending.size();
		}
	}

	private void flushQuietly() {
		try {
			flush();
		}
		catch (RuntimeException ex) {
			logger.error("Writing the waiting alert state changes failed", ex);
		}
	}

	/** One transaction: the standing, the transition if any, and its announcement inside it. */
	private void write(PendingWrite write) {
		AlertRule rule = write.rule();
		AlertStateMachine.Step step = write.step();
		this.transactions.executeWithoutResult((status) -> {
			if (!this.rules.exists(rule.id())) {
				// Deleted meanwhile: nothing to store, nothing to announce.
				return;
			}
			this.rules.saveStanding(rule.id(), step.next(), step.at());
			if (step.transition()) {
				long transitionId = this.rules.insertTransition(rule.id(), step.before().state(), step.next().state(),
						step.next().value(), step.at());
				List<Long> channels = rule.silencedAt(step.at()) ? List.of() : rule.channelIds();
				this.events.publishEvent(new AlertTransitioned(rule.id(), transitionId, rule.name(), rule.panelId(),
						(write.dashboardSlug() != null) ? write.dashboardSlug() : "", rule.view(),
						step.before().state().name(), step.next().state().name(), step.next().value(), step.at(),
						channels));
			}
		});
	}

	void reload() {
		if (!this.database.available()) {
			rewatch();
			return;
		}
		List<AlertRule> all = this.rules.all();
		Map<Long, List<AlertRule>> grouped = new HashMap<>();
		for (AlertRule rule : all) {
			grouped.computeIfAbsent(rule.panelId(), (panel) -> new ArrayList<>()).add(rule);
		}
		if (this.pending.isEmpty()) {
			// The database is as new as this instance's memory: take what other instances evaluated.
			this.standings.putAll(this.rules.standings());
		}
		Map<Long, Boolean> kept = new HashMap<>();
		all.forEach((rule) -> kept.put(rule.id(), true));
		this.standings.keySet().removeIf((id) -> !kept.containsKey(id));
		this.views.keySet().removeIf((id) -> !kept.containsKey(id));
		this.byPanel = Map.copyOf(grouped);
		rewatch();
	}

	/** Keeps each rule's chosen view live, and learns its key. */
	private void rewatch() {
		for (List<AlertRule> panelRules : this.byPanel.values()) {
			for (AlertRule rule : panelRules) {
				if (rule.view().isEmpty()) {
					continue;
				}
				try {
					this.views.put(rule.id(), this.results.watchView(rule.panelId(), rule.view()));
				}
				catch (RuntimeException ex) {
					// The panel gone or not known yet, values no longer valid, or too many views: not evaluated for now.
					this.views.remove(rule.id());
					logger.debug("The view of alert rule " + rule.id() + " is not watched: " + ex.getMessage());
				}
			}
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

	/** For tests: runs {@code task} on the evaluation thread and waits for it. */
	void onEvaluationThread(Runnable task) throws Exception {
		this.thread.submit(task).get(10, TimeUnit.SECONDS);
	}

	/** The counts per state, for the page. */
	Map<AlertState, Integer> counts() {
		Map<AlertState, Integer> counts = new EnumMap<>(AlertState.class);
		for (AlertState state : AlertState.values()) {
			counts.put(state, count(state));
		}
		return counts;
	}

	Instant now() {
		return this.clock.instant();
	}

}
