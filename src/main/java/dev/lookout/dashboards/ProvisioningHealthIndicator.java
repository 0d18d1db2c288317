package dev.lookout.dashboards;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Component {@code provisioning}, present when {@code DASHBOARDS_DIR} is set: the directory and
 * what its last read did to each file (a refused file with its line and reason). Always UP: a bad
 * file leaves the rest of the instance as it was, and the file is the operator's to fix.
 */
final class ProvisioningHealthIndicator implements HealthIndicator {

	private final ProvisioningDirectory directory;

	ProvisioningHealthIndicator(ProvisioningDirectory directory) {
		this.directory = directory;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up().withDetail("directory", this.directory.directory().toString());
		this.directory.last().ifPresentOrElse((report) -> {
			Map<String, String> files = new LinkedHashMap<>();
			report.files().forEach((file) -> files.put(file.file(), file.describe()));
			health.withDetail("lastRead", report.at().toString()).withDetail("files", files);
		}, () -> health.withDetail("lastRead", "not yet"));
		return health.build();
	}

}
