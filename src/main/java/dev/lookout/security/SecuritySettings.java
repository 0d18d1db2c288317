package dev.lookout.security;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Secrets the running application uses. {@link StartupGuard} resolves the keys (from the
 * variable, its {@code _FILE}, or the development key) and vouches for them before binding.
 *
 * @param secretKey seals secrets at rest
 * @param secretKeyPrevious the key before the last rotation, accepted for decryption only
 * @param metricsToken bearer token a production scrape of {@code /metrics} must present
 */
@Validated
@ConfigurationProperties("lookout.security")
public record SecuritySettings(@NotBlank String secretKey, String secretKeyPrevious, String metricsToken) {

	@Override
	public String toString() {
		return "SecuritySettings[secrets hidden]";
	}

}
