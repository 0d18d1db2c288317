package dev.lookout.database;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the application database. No constraint on {@code url} or {@code password}:
 * a failed constraint is reported with the rejected value, and either may hold a secret;
 * {@link DatabaseUrl#parse(String)} checks the URL without repeating it.
 *
 * @param url {@code DATABASE_URL}; blank selects the embedded H2 database (development and
 * test only)
 * @param username the user when the URL names none
 * @param password the password when the URL has none
 * @param poolSize the request pool's fixed number of connections
 * @param poolWait how long a request waits for a pooled connection before it fails; Hikari
 * accepts no less than 250 ms
 * @param queryTimeout how long a request waits for each answer of the database before its
 * connection is dropped, so a hung database cannot hold request threads; migrations have none
 * @param dataDir the directory of local state, where development keeps its H2 file
 */
@Validated
@ConfigurationProperties("lookout.database")
public record DatabaseSettings(String url, String username, String password,
		@DefaultValue("10") @Range(min = 1, max = 200) int poolSize,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 250) @DurationMax(seconds = 30) Duration poolWait,
		@DefaultValue("10s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 5) Duration queryTimeout,
		@DefaultValue("./data") @NotNull Path dataDir) {

	@Override
	public String toString() {
		return "DatabaseSettings[url=" + shown(this.url) + ", username=" + this.username + ", password="
				+ shown(this.password) + ", poolSize=" + this.poolSize + ", poolWait=" + this.poolWait + ", queryTimeout="
				+ this.queryTimeout + ", dataDir="
				+ this.dataDir + "]";
	}

	private static String shown(String secret) {
		return (secret == null || secret.isBlank()) ? "(unset)" : "(set)";
	}

}
