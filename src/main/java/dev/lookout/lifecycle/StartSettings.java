package dev.lookout.lifecycle;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the start. Defaults live in {@code application.yaml} only.
 *
 * @param timeout how long the start may take before the liveness probe says DOWN, so that an
 * orchestrator restarts a start that hangs (the port is open and answering meanwhile)
 */
@Validated
@ConfigurationProperties("lookout.start")
public record StartSettings(@NotNull @DurationMin(seconds = 10) Duration timeout) {

}
