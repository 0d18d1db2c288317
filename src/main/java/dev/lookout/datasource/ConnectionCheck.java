package dev.lookout.datasource;

/**
 * What "Test connection" found: on success the database's product, version and the time to
 * get an answer; on failure the reason.
 */
record ConnectionCheck(boolean ok, String product, String version, long latencyMs, String reason) {

	static ConnectionCheck succeeded(String product, String version, long latencyMs) {
		return new ConnectionCheck(true, product, version, latencyMs, null);
	}

	static ConnectionCheck failed(String reason, long latencyMs) {
		return new ConnectionCheck(false, null, null, latencyMs, reason);
	}

}
