package dev.lookout.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * A background worker that proves it is alive by beating, and that can be restarted in
 * place when it stops beating. The watchdog finds every bean of this type; the cache updater
 * and the realtime sync are the two the application has.
 */
public interface Supervised {

	/** A short stable name, for logs, metrics and the runtime page ({@code cache-updater}). */
	String supervisedName();

	/** When the worker last showed progress. */
	Instant lastHeartbeat();

	/** How often a healthy worker beats; a heartbeat several of these old means stuck. */
	Duration beatInterval();

	/** Whether the worker is meant to be running now (started and not stopped). */
	boolean running();

	/** Stops the worker within its bounds and starts it again; idempotent, safe from any thread. */
	void restart();

}
