package dev.lookout.resilience;

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
 * How every circuit breaker judges and waits.
 *
 * @param failureRateThreshold the percentage of counted failures among the recent calls that
 * opens a breaker
 * @param minimumCalls the calls a breaker needs to have seen before it judges at all
 * @param slidingWindow how many recent calls it judges over
 * @param openWait how long an open breaker refuses calls before it lets trial calls through
 * @param halfOpenCalls the trial calls that decide whether it closes again or stays open
 */
@Validated
@ConfigurationProperties("lookout.resilience")
public record ResilienceSettings(@DefaultValue("50") @Range(min = 1, max = 100) int failureRateThreshold,
		@DefaultValue("5") @Range(min = 1, max = 1000) int minimumCalls,
		@DefaultValue("20") @Range(min = 1, max = 1000) int slidingWindow,
		@DefaultValue("10s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration openWait,
		@DefaultValue("2") @Range(min = 1, max = 100) int halfOpenCalls) {

	/** A breaker judging fewer calls than it needs would never open. */
	@AssertTrue(message = "minimum calls (BREAKER_MINIMUM_CALLS) must not exceed the window (BREAKER_WINDOW)")
	boolean isMinimumWithinWindow() {
		return this.minimumCalls <= this.slidingWindow;
	}

}
