package dev.lookout.notifications;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How notifications are kept and delivered.
 *
 * @param outboxMax the most pending rows the outbox keeps; beyond, the oldest pending are marked
 * DEAD (counted as {@code dropped}, logged)
 * @param maxAttempts the deliveries tried before a row is DEAD
 * @param backoffBase the first retry's longest wait; each further retry doubles it
 * @param backoffCap the longest wait between two attempts
 * @param pollInterval how often the delivery worker looks for due rows (it is also woken after a
 * commit that added some)
 * @param claimMargin how much longer than the channel's timeout a claim lasts before another
 * instance may take the row
 * @param mailFrom the sender of notification e-mails
 */
@Validated
@ConfigurationProperties("lookout.notifications")
public record NotificationSettings(@DefaultValue("10000") @Range(min = 1, max = 1_000_000) int outboxMax,
		@DefaultValue("12") @Range(min = 1, max = 100) int maxAttempts,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 10) @DurationMax(hours = 1) Duration backoffBase,
		@DefaultValue("10m") @NotNull @DurationMin(millis = 10) @DurationMax(hours = 24) Duration backoffCap,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 1) Duration pollInterval,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 100) @DurationMax(hours = 1) Duration claimMargin,
		@DefaultValue("lookout@localhost") @NotNull String mailFrom) {

	@AssertTrue(message = "the backoff cap (NOTIFICATION_BACKOFF_CAP) must not be below its base (NOTIFICATION_BACKOFF_BASE)")
	boolean isCapAboveBase() {
		return this.backoffCap == null || this.backoffBase == null || this.backoffCap.compareTo(this.backoffBase) >= 0;
	}

}
