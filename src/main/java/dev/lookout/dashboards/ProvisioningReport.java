package dev.lookout.dashboards;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What the last read of the provisioning directory did, file by file, for the {@code provisioning}
 * health component (and the log).
 */
record ProvisioningReport(Path directory, Instant at, List<FileOutcome> files) {

	ProvisioningReport {
		files = List.copyOf(files);
	}

	/**
	 * One file: {@code outcome} is created, updated, unchanged, refused (a bad file: nothing of it
	 * applied, {@code reason} says where and why) or failed (it could not be applied now).
	 */
	record FileOutcome(String file, String kind, String outcome, String reason) {

		String describe() {
			return (this.reason != null) ? this.outcome + ": " + this.reason : this.outcome;
		}

	}

}
