package dev.lookout.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.lookout.lifecycle.HookOutcome;
import dev.lookout.lifecycle.InstanceState;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.lifecycle.ReloadReport;
import dev.lookout.lifecycle.Supervised;
import dev.lookout.security.secrets.KeyRotation;
import dev.lookout.security.secrets.KeyRotationStatus;
import dev.lookout.watchdog.Watchdog;
import dev.lookout.watchdog.WatchdogAction;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.stereotype.Component;

/** What the runtime page and API show, read from the live objects and never from a pool's connection. */
@Component
class RuntimeView {

	private final ReloadCoordinator reloads;

	private final ManagedResources registry;

	private final Watchdog watchdog;

	private final ObjectProvider<Supervised> workers;

	private final ObjectProvider<CircuitBreakerRegistry> breakers;

	private final MeterRegistry meters;

	private final KeyRotation keyRotation;

	private final Clock clock;

	private final ObjectProvider<HealthContributorRegistry> health;

	RuntimeView(ReloadCoordinator reloads, ManagedResources registry, Watchdog watchdog, ObjectProvider<Supervised> workers,
			ObjectProvider<CircuitBreakerRegistry> breakers, MeterRegistry meters, KeyRotation keyRotation,
			Clock clock, ObjectProvider<HealthContributorRegistry> health) {
		this.health = health;
		this.reloads = reloads;
		this.registry = registry;
		this.watchdog = watchdog;
		this.workers = workers;
		this.breakers = breakers;
		this.meters = meters;
		this.keyRotation = keyRotation;
		this.clock = clock;
	}

	InstanceState state() {
		return this.reloads.state();
	}

	/** Every Hikari pool that reports meters (request and health pools), by name: its gauges, not a borrow. */
	Map<String, Pool> pools() {
		Map<String, Pool> pools = new TreeMap<>();
		for (Gauge max : this.meters.find("hikaricp.connections.max").gauges()) {
			String name = max.getId().getTag("pool");
			pools.put(name, new Pool(name, gauge("hikaricp.connections.active", name),
					gauge("hikaricp.connections.idle", name), gauge("hikaricp.connections.pending", name),
					(int) max.value()));
		}
		return pools;
	}

	List<Breaker> breakers() {
		CircuitBreakerRegistry registry = this.breakers.getIfAvailable();
		if (registry == null) {
			return List.of();
		}
		return registry.getAllCircuitBreakers()
			.stream()
			.map((breaker) -> new Breaker(breaker.getName(), breaker.getState().name(),
					breaker.getMetrics().getFailureRate()))
			.sorted((one, other) -> one.name().compareTo(other.name()))
			.toList();
	}

	/**
	 * The notification channels this instance delivered to or failed to lately, from the
	 * {@code notifications} health component's details (runtime does not depend on the notifications
	 * module: nothing does).
	 */
	@SuppressWarnings("unchecked")
	List<ChannelLine> channels() {
		HealthContributorRegistry registry = this.health.getIfAvailable();
		if (registry == null || !(registry.getContributor("notifications") instanceof HealthIndicator indicator)) {
			return List.of();
		}
		Object channels = indicator.health().getDetails().get("channels");
		if (!(channels instanceof Map<?, ?> byName)) {
			return List.of();
		}
		return byName.entrySet().stream().map((entry) -> {
			Map<String, Object> details = (Map<String, Object>) entry.getValue();
			return new ChannelLine(String.valueOf(entry.getKey()), String.valueOf(details.get("breaker")),
					Boolean.TRUE.equals(details.get("failing")), (String) details.get("lastError"),
					(String) details.get("lastDeliveredAt"));
		}).sorted((one, other) -> one.name().compareTo(other.name())).toList();
	}

	/** One notification channel: its breaker, whether its latest delivery failed and why, its latest success. */
	record ChannelLine(String name, String breaker, boolean failing, String lastError, String lastDeliveredAt) {

	}

	List<Worker> workers() {
		Instant now = this.clock.instant();
		return this.workers.orderedStream()
			.map((worker) -> new Worker(worker.supervisedName(), worker.running(), worker.lastHeartbeat(),
					Duration.between(worker.lastHeartbeat(), now).toMillis()))
			.toList();
	}

	/**
	 * The views with chosen values this instance keeps fresh, its cap, and the queries they cost,
	 * from the refresh module's meters (runtime does not depend on refresh: refresh reaches the
	 * audit log through dashboards, and the audit log listens to runtime's reloads).
	 */
	Views views() {
		return new Views((int) value("lookout.views.live"), (int) value("lookout.views.max"),
				(long) value("lookout.views.queries.last.minute"), (long) count("lookout.views.queries"));
	}

	private double value(String gauge) {
		Gauge found = this.meters.find(gauge).gauge();
		return (found != null) ? found.value() : 0;
	}

	private double count(String counter) {
		Counter found = this.meters.find(counter).counter();
		return (found != null) ? found.count() : 0;
	}

	List<WatchdogAction> watchdogActions() {
		return this.watchdog.actions();
	}

	boolean watchdogEnabled() {
		return this.watchdog.enabled();
	}

	boolean watchdogGaveUp() {
		return this.watchdog.gaveUp();
	}

	List<String> hooks() {
		return this.registry.names();
	}

	List<String> restartableHooks() {
		return this.registry.restartableNames();
	}

	/** The last reload's report, as text; empty before the first. */
	String lastReload() {
		return this.reloads.lastReload().map(ReloadReport::describe).orElse("");
	}

	/** The last shutdown's report, as text: shown only by a context that outlived one (tests). */
	String lastShutdown() {
		return this.registry.lastReport().map(Object::toString).orElse("");
	}

	KeyRotationAnswer keyRotation() {
		return KeyRotationAnswer.of(this.keyRotation.status());
	}

	ReloadReport reload(String who) {
		return this.reloads.reload(who);
	}

	private int gauge(String name, String pool) {
		Gauge gauge = this.meters.find(name).tag("pool", pool).gauge();
		return (gauge != null) ? (int) gauge.value() : 0;
	}

	record Pool(String name, int active, int idle, int waiting, int max) {

	}

	/**
	 * @param live views with chosen values kept fresh now ({@code MAX_LIVE_VIEWS} is {@code max})
	 * @param queriesLastMinute the queries they ran in the last minute; {@code queries} since start
	 */
	record Views(int live, int max, long queriesLastMinute, long queries) {

	}

	record Breaker(String name, String state, float failureRate) {

	}

	record Worker(String name, boolean running, Instant lastHeartbeat, long heartbeatAgeMs) {

	}

	/** A reload's outcome as the API answers it. */
	record ReloadAnswer(boolean succeeded, long totalMs, List<Step> stopped, List<Step> started, String report) {

		static ReloadAnswer of(ReloadReport report) {
			return new ReloadAnswer(report.succeeded(), report.total().toMillis(), steps(report.stopped().outcomes()),
					steps(report.started().outcomes()), report.describe());
		}

		private static List<Step> steps(List<HookOutcome> outcomes) {
			return outcomes.stream()
				.map((outcome) -> new Step(outcome.name(), outcome.status().name(), outcome.duration().toMillis(),
						outcome.detail()))
				.toList();
		}

	}

	record Step(String hook, String status, long ms, String detail) {

	}

	/**
	 * The last key rotation, as the page and the API show it: what it did, and whether
	 * {@code SECRET_KEY_PREVIOUS} can go ({@code advice}) or what to look at first ({@code warnings}).
	 */
	record KeyRotationAnswer(String state, Instant startedAt, Instant finishedAt, int resealed, int alreadyCurrent,
			int changedMeanwhile, List<String> unopenable, int stillNeedingPreviousKey, boolean previousKeySet,
			boolean previousKeyCanBeRemoved, String advice, List<String> warnings) {

		static KeyRotationAnswer of(KeyRotationStatus status) {
			return new KeyRotationAnswer(status.state().name(), status.startedAt(), status.finishedAt(),
					status.resealed(), status.alreadyCurrent(), status.changedMeanwhile(), status.unopenable(),
					status.stillNeedingPreviousKey(), status.previousKeySet(), status.previousKeyCanBeRemoved(),
					status.advice().orElse(""), status.warnings());
		}

	}

}
