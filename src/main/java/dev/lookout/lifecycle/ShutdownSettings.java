package dev.lookout.lifecycle;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the managed resources' steps: the whole shutdown, and each stop or start. Defaults live in
 * {@code application.yaml} only.
 *
 * @param budget the most the whole shutdown run may take
 * @param hookTimeout the timeout of each step of a resource registered without one
 */
@Validated
@ConfigurationProperties("lookout.shutdown")
public record ShutdownSettings(
		@NotNull @DurationMin(seconds = 1) @DurationMax(seconds = 60) Duration budget,
		@NotNull @DurationMin(millis = 100) @DurationMax(seconds = 30) Duration hookTimeout) {

}
