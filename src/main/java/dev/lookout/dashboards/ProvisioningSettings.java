package dev.lookout.dashboards;

import java.nio.file.Path;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of dashboards as code.
 *
 * @param dir the provisioning directory ({@code DASHBOARDS_DIR}): its {@code *.yaml} and
 * {@code *.yml} files are applied at start and on each reload; blank reads none
 */
@Validated
@ConfigurationProperties("lookout.dashboards")
public record ProvisioningSettings(String dir) {

	/** The directory, when one is set. */
	public Optional<Path> directory() {
		return (this.dir == null || this.dir.isBlank()) ? Optional.empty() : Optional.of(Path.of(this.dir.strip()));
	}

}
