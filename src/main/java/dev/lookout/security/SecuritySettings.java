package dev.lookout.security;

import java.time.Duration;

import dev.lookout.security.csrf.CsrfMode;
import dev.lookout.security.guard.ModeDefaults;
import dev.lookout.security.guard.StartupGuard;
import dev.lookout.security.web.CspMode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Secrets and access rules the running application uses. {@link StartupGuard} resolves the
 * keys (from the variable, its {@code _FILE}, or the development key) and vouches for them
 * before binding, and publishes the mode's default for public dashboards ({@link ModeDefaults}).
 *
 * @param secretKey seals secrets at rest
 * @param secretKeyPrevious the key before the last rotation, accepted for decryption only
 * @param metricsToken bearer token a production scrape of {@code /metrics} must present
 * @param publicDashboards whether dashboards can be read without signing in
 * @param sessionIdleTimeout how long a session lives without a request; Boot hands it to the
 * servlet container, which counts in whole minutes
 * @param csrfMode whether a request without a valid CSRF token is refused or only reported
 * @param cspMode whether browsers enforce the Content Security Policy or only report violations
 */
@Validated
@ConfigurationProperties("lookout.security")
public record SecuritySettings(@NotBlank String secretKey, String secretKeyPrevious, String metricsToken,
		boolean publicDashboards,
		@NotNull @DurationMin(minutes = 1) @DurationMax(hours = 24) Duration sessionIdleTimeout,
		@NotNull CsrfMode csrfMode, @NotNull CspMode cspMode) {

	@Override
	public String toString() {
		return "SecuritySettings[secrets hidden, publicDashboards=" + this.publicDashboards + ", sessionIdleTimeout="
				+ this.sessionIdleTimeout + ", csrfMode=" + this.csrfMode + ", cspMode=" + this.cspMode + "]";
	}

}
