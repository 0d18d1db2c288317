package dev.lookout.health;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.lookout.web.CheapRequests;
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
 * of a semaphore bulkhead sized {@code HTTP_MAX_THREADS - HEALTH_RESERVED_THREADS}, waiting at most
 * {@link #WAIT} for one: when none frees by then it is refused with 503 {@code OVERLOADED}, so the
 * reserved threads remain for {@code /health}, {@code /health/live} and {@code /health/ready}.
 * <p>
 * The short wait is what keeps cheap work from being shed: when as many requests as there are
 * threads arrive together, the few beyond the permits find one within microseconds, as requests
 * that take microseconds end. Only when the permits stay held (slow work: database waits, a
 * directory) does a request wait the whole {@link #WAIT}, holding a reserved thread meanwhile, and is
 * refused. Stored panel results read anonymously are answered before this filter, and the
 * requests other packages declare {@link CheapRequests} (an anonymous event stream's opening) pass
 * it: neither takes a permit.
 * <p>
 * A permit is held while the request holds its thread: an asynchronous request (a stream) gives
 * it back when its thread returns to Tomcat. Also a health indicator: how many permits are taken.
 */
final class AdmissionControlFilter extends OncePerRequestFilter implements HealthIndicator {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	/**
	 * The latency budget of a cheap read (DESIGN: p99 10 ms): a request that found no permit within
	 * it has missed that budget anyway. Shorter waits shed cheap work whenever a garbage-collection
	 * pause or the scheduler stalls the permit holders for a few milliseconds (seen at 5 ms on 2
	 * busy cores). A probe queued behind k such waits takes up to k / HEALTH_RESERVED_THREADS of it
	 * longer.
	 */
	static final Duration WAIT = Duration.ofMillis(10);

	private final Bulkhead bulkhead;

	private final int maxThreads;

	private final Counter shed;

	private final List<CheapRequests> cheap;

	AdmissionControlFilter(int maxThreads, int reservedThreads, List<CheapRequests> cheap, MeterRegistry meters) {
		if (reservedThreads >= maxThreads) {
			throw new TooFewRequestThreads(maxThreads, reservedThreads);
		}
		this.maxThreads = maxThreads;
		this.cheap = List.copyOf(cheap);
		this.bulkhead = Bulkhead.of("http-requests", BulkheadConfig.custom()
			.maxConcurrentCalls(maxThreads - reservedThreads)
			.maxWaitDuration(WAIT)
			// Refusals are expected under load; their stack traces would only cost time.
			.writableStackTraceEnabled(false)
			.build());
		this.shed = Counter.builder("lookout.http.shed")
			.description("Requests refused with OVERLOADED because every unreserved request thread stayed busy for the admission wait")
			.register(meters);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (RequestPaths.isHealthProbe(request) || isCheap(request)) {
			chain.doFilter(request, response);
			return;
		}
		if (!this.bulkhead.tryAcquirePermission()) {
			this.shed.increment();
			request.setAttribute(Failure.ATTRIBUTE, Failure.of(ErrorCode.OVERLOADED,
					"Every request thread stayed busy; this request was refused before any work. Retry shortly.")
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

	private boolean isCheap(HttpServletRequest request) {
		for (CheapRequests requests : this.cheap) {
			if (requests.matches(request)) {
				return true;
			}
		}
		return false;
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
