package dev.lookout.realtime;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The bounds of the event streams, as configured ({@code SSE_*}).
 *
 * @param maxConnections streams this instance keeps open at once; beyond them a new one gets
 * 503 {@code OVERLOADED}; must stay below {@code HTTP_MAX_CONNECTIONS}
 * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open and a
 * client that went away is noticed
 * @param queueSize events waiting for one client; a client that falls further behind is dropped
 * @param maxEventBytes largest result pushed whole; a larger one is announced with a
 * {@code refetch} event and read from {@code /api/panels/{id}/result}
 * @param retry the reconnection delay the stream asks clients to wait ({@code retry:} field)
 */
@Validated
@ConfigurationProperties("lookout.realtime")
public record RealtimeSettings(@Range(min = 1, max = 100000) int maxConnections,
		@NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 5) Duration heartbeat,
		@Range(min = 1, max = 1000) int queueSize, @Range(min = 1024, max = 16777216) int maxEventBytes,
		@NotNull @DurationMin(millis = 100) @DurationMax(minutes = 5) Duration retry) {

	/** The {@code Retry-After} of a stream refused for now: the retry hint in whole seconds, at least one. */
	Duration retryAfter() {
		return Duration.ofSeconds(Math.max(1, (this.retry.toMillis() + 999) / 1000));
	}

}
