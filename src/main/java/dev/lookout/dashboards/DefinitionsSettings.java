package dev.lookout.dashboards;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the definitions' read model.
 *
 * @param checkInterval how often each instance compares its definitions' version with the
 * database's: how long a change can go unseen here when the notice through Redis was lost (or
 * there is no Redis), and how fresh "current as of" is in read-only mode
 */
@Validated
@ConfigurationProperties("lookout.definitions")
public record DefinitionsSettings(
		@DefaultValue("5s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 10) Duration checkInterval) {
}
