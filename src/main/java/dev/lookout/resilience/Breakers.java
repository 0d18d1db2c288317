package dev.lookout.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Every circuit breaker of the process, by name, all judging and waiting alike
 * ({@link ResilienceSettings}). A breaker is created closed on first use. It moves from open to
 * half-open when a call arrives after the wait, not on a timer: no thread of its own.
 */
public final class Breakers {

	/** The application database, in front of the request pool. */
	public static final String APP_DATABASE = "app-database";

	/** The shared Redis, in front of result-cache reads and writes. */
	public static final String REDIS = "redis";

	/** The directory (LDAP) that logins bind against. */
	public static final String DIRECTORY = "directory";

	private static final String DATA_SOURCE_PREFIX = "datasource-";

	private static final String NOTIFICATION_CHANNEL_PREFIX = "notification-channel-";

	private static final Log logger = LogFactory.getLog(Breakers.class);

	private final CircuitBreakerRegistry registry;

	private final Clock clock;

	private final Duration openWait;

	/** When each breaker last opened: what {@code Retry-After} counts down from. */
	private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

	Breakers(ResilienceSettings settings, Clock clock, MeterRegistry meters) {
		this.clock = clock;
		this.openWait = settings.openWait();
		this.registry = CircuitBreakerRegistry.of(config(settings, clock));
		this.registry.getEventPublisher()
			.onEntryAdded((added) -> added.getAddedEntry().getEventPublisher().onStateTransition(this::transitioned))
			.onEntryRemoved((removed) -> this.openedAt.remove(removed.getRemovedEntry().getName()));
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.registry).bindTo(meters);
	}

	CircuitBreakerRegistry registry() {
		return this.registry;
	}

	/** The breaker of one data source's pool. */
	public static String dataSource(long id) {
		return DATA_SOURCE_PREFIX + id;
	}

	/** The breaker of one notification channel (a webhook receiver, the SMTP server of an e-mail channel). */
	public static String notificationChannel(long id) {
		return NOTIFICATION_CHANNEL_PREFIX + id;
	}

	/**
	 * Whether the named breaker guards a notification channel: its state is that channel's problem,
	 * shown in the details, and says nothing about whether this instance serves.
	 */
	public static boolean isNotificationChannel(String name) {
		return name.startsWith(NOTIFICATION_CHANNEL_PREFIX);
	}

	/** The named breaker, created closed on first use; for callers whose calls complete asynchronously. */
	public CircuitBreaker breaker(String name) {
		return this.registry.circuitBreaker(name);
	}

	/**
	 * Runs {@code attempt} through the named breaker, which counts its outcome.
	 * @param subject what the breaker guards, as the start of a sentence: "The application database"
	 * @throws CircuitOpen at once, without running {@code attempt}, while the breaker is open (or
	 * half-open with all its trial calls under way)
	 * @throws E whatever {@code attempt} throws
	 */
	public <T, E extends Exception> T call(String name, String subject, Attempt<T, E> attempt) throws E {
		CircuitBreaker breaker = breaker(name);
		if (!breaker.tryAcquirePermission()) {
			throw new CircuitOpen(subject, untilHalfOpen(name));
		}
		long started = breaker.getCurrentTimestamp();
		try {
			T result = attempt.run();
			breaker.onSuccess(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit());
			return result;
		}
		catch (Throwable ex) {
			breaker.onError(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit(), ex);
			throw ex;
		}
	}

	/**
	 * Whether a failure shows its dependency unreachable or not answering: what every breaker
	 * counts, for a caller that falls back on exactly those and lets any other failure through.
	 */
	public static boolean isOutage(Throwable failure) {
		return InfrastructureFailures.counts(failure);
	}

	/**
	 * Drops the named breaker: what it guarded was reconfigured or removed, so its past says
	 * nothing about what comes next. A call under way finishes on the old one.
	 */
	public void forget(String name) {
		this.registry.remove(name);
	}

	/** Time left until the open breaker lets a trial call through; zero once that is due. */
	Duration untilHalfOpen(String name) {
		Instant opened = this.openedAt.get(name);
		if (opened == null) {
			return this.openWait;
		}
		Duration left = Duration.between(this.clock.instant(), opened.plus(this.openWait));
		return left.isNegative() ? Duration.ZERO : left;
	}

	/** On the thread of the call that caused it, before that call returns. */
	private void transitioned(CircuitBreakerOnStateTransitionEvent event) {
		String name = event.getCircuitBreakerName();
		switch (event.getStateTransition().getToState()) {
			case OPEN -> {
				this.openedAt.put(name, this.clock.instant());
				logger.warn("Breaker " + name + " opened: its dependency keeps failing; calls are refused for "
						+ this.openWait.toMillis() + " ms, then trial calls go through");
			}
			case HALF_OPEN -> logger.info("Breaker " + name + " half-open: trial calls go through");
			case CLOSED -> logger.info("Breaker " + name + " closed: its dependency answers again");
			default -> {
			}
		}
	}

	private static CircuitBreakerConfig config(ResilienceSettings settings, Clock clock) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.slidingWindow())
			.minimumNumberOfCalls(settings.minimumCalls())
			.failureRateThreshold(settings.failureRateThreshold())
			.waitDurationInOpenState(settings.openWait())
			.permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
			.recordException(InfrastructureFailures::counts)
			.ignoreException(InfrastructureFailures::isOwnLimit)
			// Slowness never opens a breaker (the default would, past 60 s): each call has its own timeout,
			// and a slow query is its author's to fix, not a sign the database is down.
			.slowCallDurationThreshold(Duration.ofDays(1))
			.clock(clock)
			.build();
	}

	/** A call that may throw a checked exception of one type, such as {@code SQLException}. */
	@FunctionalInterface
	public interface Attempt<T, E extends Exception> {

		T run() throws E;

	}

}
