package dev.lookout.health;

import java.io.IOException;
import java.time.Duration;

import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import dev.lookout.web.RequestPaths;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps request threads for health probes. Tomcat has one thread pool per connector, and
 * everything is served on one port, so probes and slow requests draw from the same threads; a
 * second connector would mean a second port. Instead every request but a probe must take a permit
 * of a semaphore bulkhead sized {@code HTTP_MAX_THREADS - HEALTH_RESERVED_THREADS}, without
 * waiting: when none is left it is refused at once with 503 {@code OVERLOADED}, so the reserved
 * threads always remain for {@code /health}, {@code /health/live} and {@code /health/ready}.
 * <p>
 * A permit is held while the request holds its thread: an asynchronous request (a stream) gives
 * it back when its thread returns to Tomcat. Also a health indicator: how many permits are taken.
 */
final class AdmissionControlFilter extends OncePerRequestFilter implements HealthIndicator {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final Bulkhead bulkhead;

	private final int maxThreads;

	private final Counter shed;

	AdmissionControlFilter(int maxThreads, int reservedThreads, MeterRegistry meters) {
		if (reservedThreads >= maxThreads) {
			throw new TooFewRequestThreads(maxThreads, reservedThreads);
		}
		this.maxThreads = maxThreads;
		this.bulkhead = Bulkhead.of("http-requests", BulkheadConfig.custom()
			.maxConcurrentCalls(maxThreads - reservedThreads)
			.maxWaitDuration(Duration.ZERO)
			// Refusals are expected under load; their stack traces would only cost time.
			.writableStackTraceEnabled(false)
			.build());
		this.shed = Counter.builder("lookout.http.shed")
			.description("Requests refused with OVERLOADED because every unreserved request thread was busy")
			.register(meters);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (RequestPaths.isHealthProbe(request)) {
			chain.doFilter(request, response);
			return;
		}
		if (!this.bulkhead.tryAcquirePermission()) {
			this.shed.increment();
			request.setAttribute(Failure.ATTRIBUTE, Failure.of(ErrorCode.OVERLOADED,
					"Every request thread is busy; this request was refused before any work. Retry shortly.")
				.withRetryAfter(RETRY_AFTER));
			response.sendError(ErrorCode.OVERLOADED.status().value());
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.bulkhead.onComplete();
		}
	}

	@Override
	public Health health() {
		int limit = this.bulkhead.getMetrics().getMaxAllowedConcurrentCalls();
		int busy = limit - this.bulkhead.getMetrics().getAvailableConcurrentCalls();
		return Health.status((busy >= limit) ? InstanceStatusAggregator.DEGRADED : Status.UP)
			.withDetail("maxThreads", this.maxThreads)
			.withDetail("reservedForHealth", this.maxThreads - limit)
			.withDetail("busy", busy)
			.withDetail("limit", limit)
			.withDetail("shed", (long) this.shed.count())
			.build();
	}

}
