/**
 * The watchdog: on a thread of its own, independent of request threads and pools, it checks the
 * background workers' heartbeats, the request pool, Redis and deadlocked threads, and recovers in
 * steps (restart a worker, evict a pool or reconnect a client, a controlled reload); when reloads
 * keep coming it turns liveness {@code DOWN} so that the orchestrator restarts the process.
 */
package dev.lookout.watchdog;
