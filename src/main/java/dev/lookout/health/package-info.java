/**
 * Health: {@code /health} with details, {@code /health/live} and {@code /health/ready}, on the one
 * port. The application database is checked through a pool of its own, never the request pool;
 * costly checks run at most once per {@code HEALTH_CACHE} and are never waited on longer than
 * {@code HEALTH_TIMEOUT}; an admission filter keeps request threads free for probes. The whole is
 * {@code DEGRADED} (200) while this instance can serve and 503 only for states of the instance.
 */
package dev.lookout.health;
