/**
 * The watchdog: on a thread of its own, independent of request threads and pools, it runs a set of
 * checks (background workers' heartbeats, the request pool, the Redis client, deadlocked threads).
 * Each check says what it watches and how it tells that it is wedged; one escalation, the same for
 * all, steps from the check's first remedy (restart a worker, evict a pool, reconnect a client) to
 * a controlled reload, and when the reload budget of the window is spent, to liveness
 * {@code DOWN}, so that the orchestrator restarts the process.
 */
package dev.lookout.watchdog;
