package dev.lookout.dashboards;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects what is wrong with a request, field by field, so that a client learns every problem at once. */
final class FieldErrors {

	/** The longest title of a dashboard or a panel; the columns are {@code VARCHAR(200)}. */
	static final int TITLE_LENGTH = 200;

	private final Map<String, String> errors = new LinkedHashMap<>();

	/**
	 * The value without surrounding white space, {@code ""} when absent. Lengths count
	 * characters as the database does, not UTF-16 units.
	 */
	String text(String field, String value, boolean required, int maxLength) {
		String stripped = (value != null) ? value.strip() : "";
		if (stripped.isEmpty() && required) {
			reject(field, "is required");
		}
		int length = stripped.codePointCount(0, stripped.length());
		if (length > maxLength) {
			reject(field, "must be at most " + maxLength + " characters, was " + length);
		}
		return stripped;
	}

	/** The version the client loaded: updates and deletes without one could overwrite a newer change. */
	long version(Long version) {
		if (version == null) {
			reject("version", "is required: send the version you loaded, so that a newer change is never overwritten");
			return -1;
		}
		return version;
	}

	void reject(String field, String message) {
		this.errors.putIfAbsent(field, message);
	}

	void throwIfAny() {
		if (!this.errors.isEmpty()) {
			throw new InvalidInput(this.errors);
		}
	}

}
