package dev.lookout.datasource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an account's privileges mean for a source. Reaching the database server's files is
 * refused unless {@code ALLOW_PRIVILEGED_DATASOURCES} (an H2 admin always: H2 runs inside
 * Lookout, so its files are Lookout's); being able to write is a warning, because every query
 * already runs read-only and is rolled back, and the account is only the second wall.
 */
final class AccountPolicy {

	static final String VARIABLE = "ALLOW_PRIVILEGED_DATASOURCES";

	private final boolean allowPrivileged;

	AccountPolicy(boolean allowPrivileged) {
		this.allowPrivileged = allowPrivileged;
	}

	Review review(DataSourceKind kind, AccountPrivileges privileges) {
		List<String> warnings = new ArrayList<>();
		if (!privileges.fileAccess().isEmpty()) {
			String files = "the account can reach the database server's files or programs ("
					+ String.join("; ", privileges.fileAccess()) + ")";
			if (kind == DataSourceKind.H2) {
				return new Review(Optional.of(files + ": H2 sources must be opened as a non-admin user"), List.of());
			}
			if (!this.allowPrivileged) {
				return new Review(Optional.of(files + ": give Lookout an account that may only read, or set "
						+ VARIABLE + "=true to accept this one"), List.of());
			}
			warnings.add(files + ", accepted because " + VARIABLE + " is true");
		}
		if (!privileges.writes().isEmpty()) {
			warnings.add("the account can write (" + String.join("; ", privileges.writes())
					+ "): queries run read-only and are rolled back, but an account that may only read is safer");
		}
		return new Review(Optional.empty(), warnings);
	}

	/** The verdict on one account: a refusal, or warnings (possibly none). */
	record Review(Optional<String> refusal, List<String> warnings) {

		Review {
			warnings = List.copyOf(warnings);
		}

	}

}
