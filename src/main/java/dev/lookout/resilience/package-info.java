/**
 * Failing fast and truthfully: the circuit breakers (one per data source, the application
 * database, Redis and the directory) and the bulkheads that bound the wait for a connection,
 * with the rule of what a breaker counts. Only infrastructure failures count (connection
 * refused or reset, socket and connection timeouts, SQLState class 08); a user's SQL error or
 * slow query, and Lookout's own limits (a full bulkhead, an open breaker), never do. An open
 * breaker answers {@link dev.lookout.resilience.CircuitOpen} at once, with the time left until
 * it lets a trial call through; a full bulkhead answers
 * {@link dev.lookout.resilience.PoolExhausted} within its bounded wait.
 */
package dev.lookout.resilience;
