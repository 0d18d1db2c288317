package dev.lookout.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.lookout.runtime.RuntimeReloaded;
import dev.lookout.security.signin.events.SignInFailed;
import dev.lookout.security.signin.events.SignInSucceeded;
import dev.lookout.security.signin.events.SignedOut;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;

/**
 * Records what other modules publish (sign-ins, sign-outs, controlled reloads) on one writer
 * thread of its own: a sign-in must neither wait for the application database nor fail with it.
 * The queue is bounded, so a flood of refused sign-ins cannot pile up work; an entry that cannot
 * be written (database down, queue full, writer stopped) is logged and counted in
 * {@code lookout.audit.failures}, never thrown. Changes to dashboards and data sources are not
 * recorded here but in their own transaction ({@link AuditLog#record}).
 */
final class AuditedEvents {

	/** Sign-ins are a few per second at most; this many waiting means the database is not keeping up. */
	static final int QUEUE_SIZE = 1000;

	/** What the shutdown hook waits for the queue to drain before it drops the rest. */
	private static final Duration DRAIN = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(AuditedEvents.class);

	private final AuditLog log;

	private final Clock clock;

	private final Counter failedWrites;

	private final Counter dropped;

	private final ThreadPoolExecutor writer;

	AuditedEvents(AuditLog log, Clock clock, MeterRegistry meters) {
		this.log = log;
		this.clock = clock;
		this.failedWrites = failures(meters, "database");
		this.dropped = failures(meters, "dropped");
		this.writer = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_SIZE),
				(task) -> {
					Thread thread = new Thread(task, "lookout-audit");
					thread.setDaemon(true);
					return thread;
				});
		// No idle thread kept between sign-ins.
		this.writer.allowCoreThreadTimeOut(true);
	}

	@EventListener
	void signedIn(SignInSucceeded event) {
		write(event.username(), "login.succeeded", "user", event.username(),
				details("address", event.address(), "roles", event.roles()));
	}

	@EventListener
	void signInFailed(SignInFailed event) {
		write("anonymous", "login.failed", "user", event.username(),
				details("address", event.address(), "reason", event.reason().word()));
	}

	@EventListener
	void signedOut(SignedOut event) {
		write(event.username(), "logout", "user", event.username(), details("address", event.address()));
	}

	@EventListener
	void reloaded(RuntimeReloaded event) {
		write(event.actor(), "runtime.reload", "runtime", null, details("via", event.via(), "outcome",
				event.outcome(), "totalMs", event.totalMs(), "detail", event.detail().isEmpty() ? null : event.detail()));
	}

	/** Stops taking entries, then writes what is queued, within {@link #DRAIN}. */
	void stop() throws InterruptedException {
		this.writer.shutdown();
		if (!this.writer.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
			int lost = this.writer.shutdownNow().size();
			this.dropped.increment(lost);
			logger.warn("Stopped before " + lost + " audit entries were written");
		}
	}

	private void write(String actor, String action, String subjectType, String subjectId, Map<String, ?> details) {
		// The time it happened, not the time the writer gets to it.
		Instant occurredAt = this.clock.instant();
		try {
			this.writer.execute(() -> {
				try {
					this.log.record(occurredAt, actor, action, subjectType, subjectId, details);
				}
				catch (RuntimeException ex) {
					this.failedWrites.increment();
					logger.warn("Could not write " + action + " to the audit log: " + ex.getMessage());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.dropped.increment();
			logger.warn("Dropped " + action + " from the audit log: "
					+ (this.writer.isShutdown() ? "its writer is stopped" : "the write queue is full"));
		}
	}

	/** Details without the absent ones, in the order given: name, value, name, value... */
	private static Map<String, Object> details(Object... namesAndValues) {
		Map<String, Object> details = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (namesAndValues[i + 1] != null) {
				details.put((String) namesAndValues[i], namesAndValues[i + 1]);
			}
		}
		return details;
	}

	private static Counter failures(MeterRegistry meters, String reason) {
		return Counter.builder("lookout.audit.failures")
			.description("Audit entries of sign-ins, sign-outs and reloads that could not be written, by reason")
			.tag("reason", reason)
			.register(meters);
	}

}
