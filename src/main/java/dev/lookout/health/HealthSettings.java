package dev.lookout.health;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the health checks.
 *
 * @param poolSize the health pool's fixed number of connections to the application database;
 * one probe runs at a time, so one is enough and a second only covers its replacement
 * @param timeout how long a check may run before it is reported DOWN ("no answer"), and the
 * connection, query and socket timeouts of the health pool; Hikari accepts no less than 250 ms
 * @param cache how often each costly check runs, on its own schedule: the endpoints answer from the
 * latest results, so a storm of probes costs nothing and at most one query per period runs
 * @param reservedThreads request threads that only health probes may use
 * @param readinessDelay how long readiness answers 503 on shutdown before the drain begins, while
 * everything else still serves
 */
@Validated
@ConfigurationProperties("lookout.health")
public record HealthSettings(@DefaultValue("1") @Range(min = 1, max = 2) int poolSize,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 250) @DurationMax(seconds = 10) Duration timeout,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 60) Duration cache,
		@DefaultValue("4") @Range(min = 1, max = 64) int reservedThreads,
		@DefaultValue("0s") @NotNull @DurationMin(millis = 0) @DurationMax(seconds = 30) Duration readinessDelay) {

}
