package dev.lookout.lifecycle;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import sun.misc.Signal;

/**
 * Makes SIGTERM a clean exit with status 0. The JVM's own TERM handler runs the shutdown hooks
 * (Spring's close: readiness, drain, registry) but then exits 128 + 15 = 143, which
 * orchestrators and service managers report as a failure; handling TERM ourselves and calling
 * {@code System.exit(0)} runs the very same hooks and ends with 0. There is no public API for a
 * signal handler: {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the one the JDK keeps
 * for this.
 * <p>
 * The hard deadline: every step of the close is bounded (the drain by its phase timeout, each hook
 * by its own, the registry by its budget), but something outside them (a bean's destroy method, a
 * non-daemon thread a library forgot) could still hold the JVM past the orchestrator's grace
 * period, after which it would be killed without a word. So a daemon thread halts the process
 * once the sum of the bounds plus a margin has passed, after logging why. It halts with 0 as
 * well: the stop was asked for and happened; the log says what overran.
 */
final class ExitOnTerm {

	/** Room for what follows the registry: destroying the beans, flushing the log. */
	static final Duration MARGIN = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(ExitOnTerm.class);

	private final Duration deadline;

	private ExitOnTerm(Duration deadline) {
		this.deadline = deadline;
	}

	/** How long after TERM the process is halted at the latest. */
	Duration deadline() {
		return this.deadline;
	}

	/** Installs the handler, replacing the JVM's; the last installed one wins. */
	static ExitOnTerm install(Duration deadline) {
		Signal.handle(new Signal("TERM"), (signal) -> {
			Thread halt = new Thread(() -> haltAfter(deadline), "lookout-exit-deadline");
			halt.setDaemon(true);
			halt.start();
			logger.info("SIGTERM: shutting down within " + deadline.toMillis() + " ms");
			System.exit(0);
		});
		return new ExitOnTerm(deadline);
	}

	private static void haltAfter(Duration deadline) {
		try {
			Thread.sleep(deadline.toMillis());
		}
		catch (InterruptedException ex) {
			return;
		}
		logger.error("Shutdown overran its deadline of " + deadline.toMillis() + " ms; halting the process");
		Runtime.getRuntime().halt(0);
	}

}
