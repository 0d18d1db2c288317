/**
 * Health: {@code /health} with details, {@code /health/live} and {@code /health/ready}, on the one
 * port. The application database is checked through a pool of its own, never the request pool;
 * costly checks run on a schedule of their own, once per {@code HEALTH_CACHE}, and the endpoints
 * answer from their latest results without ever waiting (a check running past
 * {@code HEALTH_TIMEOUT} is DOWN); an admission filter keeps request threads free for probes. The
 * whole is {@code DEGRADED} (200) while this instance can serve and 503 only for states of the
 * instance.
 */
package dev.lookout.health;
