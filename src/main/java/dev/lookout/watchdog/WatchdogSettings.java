package dev.lookout.watchdog;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the watchdog checks and when it acts. Defaults live in {@code application.yaml} only.
 *
 * @param enabled whether it runs at all
 * @param interval how often it checks
 * @param stuckAfter a worker whose heartbeat is older than this (and than three of its beats) is stuck
 * @param wedgedPoolAfter how long every request connection may stay busy, while the database answers
 * the health pool, before the pool is evicted; as long again after that, and it is reloaded
 * @param redisBrokenAfter how long the Redis client may stay disconnected while the server accepts
 * connections before it is reconnected; as long again after that, and a reload follows
 * @param reloadWindow the window in which reloads are counted
 * @param maxReloads reloads allowed within the window; one more needed turns liveness DOWN
 * @param exit whether the process also exits (status 1) when liveness turns DOWN
 */
@Validated
@ConfigurationProperties("lookout.watchdog")
public record WatchdogSettings(boolean enabled,
		@NotNull @DurationMin(millis = 100) @DurationMax(minutes = 5) Duration interval,
		@NotNull @DurationMin(millis = 500) @DurationMax(hours = 1) Duration stuckAfter,
		@NotNull @DurationMin(millis = 500) @DurationMax(hours = 1) Duration wedgedPoolAfter,
		@NotNull @DurationMin(millis = 500) @DurationMax(hours = 1) Duration redisBrokenAfter,
		@NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) Duration reloadWindow,
		@Min(1) @Max(100) int maxReloads, boolean exit) {

}
