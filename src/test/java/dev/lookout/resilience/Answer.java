package dev.lookout.resilience;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

/**
 * One HTTP answer as a client saw it, and how long it took.
 *
 * @param retryAfter the {@code Retry-After} header in seconds, 0 when absent
 */
record Answer(String path, int status, String contentType, long retryAfter, JsonNode body, Duration took) {

	String code() {
		return this.body.path("code").asString();
	}

	@Override
	public String toString() {
		return this.status + " " + code() + " for " + this.path + " in " + this.took.toMillis() + " ms";
	}

}
