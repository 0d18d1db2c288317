package dev.lookout.alerts;

import java.util.ArrayDeque;
import java.util.Deque;

import dev.lookout.alerts.TransitionWriter.PendingWrite;
import dev.lookout.database.ApplicationDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Holds the rules' changes in memory, in order, while the application database cannot take them:
 * at most {@code ALERT_PENDING_TRANSITIONS} ({@link AlertSettings}), beyond which the oldest is
 * dropped, counted ({@code lookout_alerts_dropped_total}) and logged; written through the
 * {@link TransitionWriter} in order once it answers. Used on the evaluation thread only.
 */
class PendingTransitions {

	/** The evaluator's log, as before the evaluator was split. */
	private static final Log logger = LogFactory.getLog(AlertEvaluator.class);

	private final TransitionWriter writer;

	private final ApplicationDatabase database;

	private final int bound;

	private final Counter dropped;

	/** Evaluation thread only. */
	private final Deque<PendingWrite> pending = new ArrayDeque<>();

	private volatile int pendingSize;

	PendingTransitions(TransitionWriter writer, ApplicationDatabase database, AlertSettings settings,
			MeterRegistry meters) {
		this.writer = writer;
		this.database = database;
		this.bound = settings.pendingTransitions();
		this.dropped = Counter.builder("lookout.alerts.dropped")
			.description("Alert state changes dropped while the application database could not take them")
			.register(meters);
		Gauge.builder("lookout.alerts.pending.writes", this, (pending) -> pending.pendingSize)
			.description("Alert state changes waiting for the application database")
			.register(meters);
	}

	/** Whether changes wait: while they do, the database is older than this instance's memory. */
	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	/** Any thread. */
	int size() {
		return this.pendingSize;
	}

	double dropped() {
		return this.dropped.count();
	}

	/** Writes the change now if nothing waits and the database takes it, else holds it after the others. */
	void save(PendingWrite write) {
		if (this.pending.isEmpty() && this.database.available()) {
			try {
				this.writer.write(write);
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
		while (this.pending.size() > this.bound) {
			PendingWrite oldest = this.pending.removeFirst();
			this.dropped.increment();
			AlertStateMachine.Step step = oldest.step();
			logger.error("Alert state change dropped, " + this.bound
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
				this.writer.write(this.pending.peekFirst());
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

	/** After the evaluation thread stopped: says what could not be written. */
	void warnIfAnyLeft() {
		if (!this.pending.isEmpty()) {
			logger.warn(this.pending.size() + " alert state changes could not be written before the stop");
		}
	}

}
