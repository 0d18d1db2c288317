package dev.lookout.redis;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Redis is and how long Lookout waits for it. No constraint on {@code url}: a failed
 * constraint is reported with the rejected value, and the URL may carry a password;
 * {@link RedisConfiguration#parse(String)} checks it without repeating it.
 *
 * @param url {@code REDIS_URL}, {@code redis://[[user]:password@]host[:port][/database]} or
 * {@code rediss://} for TLS; blank means no Redis (results are kept in memory)
 * @param connectTimeout the longest a connection attempt may take, its handshake included
 * @param commandTimeout the longest a command may wait for its answer; past it, callers fall
 * back to what they hold in process
 */
@Validated
@ConfigurationProperties("lookout.redis")
public record RedisSettings(String url,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 30) Duration connectTimeout,
		@DefaultValue("500ms") @NotNull @DurationMin(millis = 50) @DurationMax(seconds = 10) Duration commandTimeout) {

	@Override
	public String toString() {
		return "RedisSettings[url=" + ((this.url == null || this.url.isBlank()) ? "(unset)" : "(set)")
				+ ", connectTimeout=" + this.connectTimeout + ", commandTimeout=" + this.commandTimeout + "]";
	}

}
