package dev.lookout.variables;

import java.time.ZoneId;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of dashboard variables.
 *
 * @param timeZone the zone relative times resolve in ({@code today} starts at its midnight),
 * stated to viewers next to the time range
 */
@Validated
@ConfigurationProperties("lookout.variables")
public record VariableSettings(@DefaultValue("UTC") @NotNull ZoneId timeZone) {

}
