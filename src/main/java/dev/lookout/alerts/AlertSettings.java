package dev.lookout.alerts;

import org.hibernate.validator.constraints.Range;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of alert evaluation.
 *
 * @param pendingTransitions how many state changes (transitions, and the resolve delay's marks)
 * wait in memory while the application database cannot take them; beyond, the oldest is dropped,
 * counted ({@code lookout_alerts_dropped_total}) and logged
 */
@Validated
@ConfigurationProperties("lookout.alerts")
public record AlertSettings(@DefaultValue("1000") @Range(min = 1, max = 100_000) int pendingTransitions) {

}
