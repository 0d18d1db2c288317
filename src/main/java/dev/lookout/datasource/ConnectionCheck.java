package dev.lookout.datasource;

import java.util.List;

/**
 * What "Test connection" (and a save) found: on success the database's product, version, the
 * time to get an answer and warnings about the account; on failure the reason, and whether
 * Lookout refused the source ({@code refused}: its URL or its account's privileges) rather
 * than failed to reach it.
 */
record ConnectionCheck(boolean ok, String product, String version, long latencyMs, String reason, boolean refused,
		List<String> warnings) {

	ConnectionCheck {
		warnings = List.copyOf(warnings);
	}

	static ConnectionCheck succeeded(String product, String version, long latencyMs, List<String> warnings) {
		return new ConnectionCheck(true, product, version, latencyMs, null, false, warnings);
	}

	static ConnectionCheck failed(String reason, long latencyMs) {
		return new ConnectionCheck(false, null, null, latencyMs, reason, false, List.of());
	}

	static ConnectionCheck refused(String reason, long latencyMs) {
		return new ConnectionCheck(false, null, null, latencyMs, reason, true, List.of());
	}

}
