package dev.lookout.security.secrets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the last key rotation found and did, for the log line and the runtime page.
 *
 * @param state where the rotation is
 * @param startedAt when the last run started; {@code null} before the first
 * @param finishedAt when it ended; {@code null} before that
 * @param resealed values sealed again with {@code SECRET_KEY} by this run
 * @param alreadyCurrent values that were under {@code SECRET_KEY} already
 * @param changedMeanwhile values changed by someone else between read and replace, left as they were
 * @param unopenable the values that open with neither key, by description; never changed
 * @param stillNeedingPreviousKey values still sealed with {@code SECRET_KEY_PREVIOUS} after the run
 * @param previousKeySet whether {@code SECRET_KEY_PREVIOUS} is set
 * @param failure why the run failed, when it did
 */
public record KeyRotationStatus(State state, Instant startedAt, Instant finishedAt, int resealed, int alreadyCurrent,
		int changedMeanwhile, List<String> unopenable, int stillNeedingPreviousKey, boolean previousKeySet,
		String failure) {

	public KeyRotationStatus {
		unopenable = List.copyOf(unopenable);
	}

	static KeyRotationStatus notRun(boolean previousKeySet) {
		return new KeyRotationStatus(State.NOT_RUN, null, null, 0, 0, 0, List.of(), 0, previousKeySet, null);
	}

	/**
	 * Only after a complete run that left nothing under the previous key and found no value it
	 * cannot open: such a value may have been sealed with a key the operator meant to set as the
	 * previous one, so removing keys is not advised until somebody has looked.
	 */
	public boolean previousKeyCanBeRemoved() {
		return this.previousKeySet && this.state == State.FINISHED && this.stillNeedingPreviousKey == 0
				&& this.unopenable.isEmpty();
	}

	/** The sentence that ends a rotation, when it has ended. */
	public Optional<String> advice() {
		return previousKeyCanBeRemoved() ? Optional.of("Every sealed value is under SECRET_KEY: SECRET_KEY_PREVIOUS"
				+ " (or SECRET_KEY_PREVIOUS_FILE) is no longer needed and can now be removed.") : Optional.empty();
	}

	/** What an operator must look at before removing a key; empty when nothing. */
	public List<String> warnings() {
		List<String> warnings = new ArrayList<>();
		if (this.state == State.FAILED || this.state == State.STOPPED) {
			warnings.add("The last key rotation did not finish (" + ((this.failure != null) ? this.failure : "stopped")
					+ "); it runs again on the next start or reload.");
		}
		if (this.previousKeySet && this.stillNeedingPreviousKey > 0) {
			warnings.add(this.stillNeedingPreviousKey + " sealed value(s) still need SECRET_KEY_PREVIOUS: keep it set"
					+ " until a rotation has sealed them again with SECRET_KEY (on the next start or reload).");
		}
		if (!this.unopenable.isEmpty()) {
			warnings.add(this.unopenable.size() + " sealed value(s) open with neither SECRET_KEY nor"
					+ " SECRET_KEY_PREVIOUS: " + String.join(", ", this.unopenable) + ". They are left as they are:"
					+ " set the key they were sealed with as SECRET_KEY_PREVIOUS, or enter them again.");
		}
		return warnings;
	}

	/** One line with the counts, the values that cannot be opened by name, and the advice. */
	public String summary() {
		StringBuilder line = new StringBuilder("Key rotation ").append(this.state.name().toLowerCase().replace('_', ' '))
			.append(": re-sealed ")
			.append(this.resealed)
			.append(", already current ")
			.append(this.alreadyCurrent)
			.append(", changed meanwhile ")
			.append(this.changedMeanwhile)
			.append(", could not be opened ")
			.append(this.unopenable.size());
		if (!this.unopenable.isEmpty()) {
			line.append(" (").append(String.join(", ", this.unopenable)).append(')');
		}
		if (this.previousKeySet) {
			line.append(", still needing SECRET_KEY_PREVIOUS ").append(this.stillNeedingPreviousKey);
		}
		if (this.failure != null) {
			line.append("; ").append(this.failure);
		}
		advice().ifPresent((advice) -> line.append(". ").append(advice));
		return line.toString();
	}

	/** Where the rotation is. */
	public enum State {

		/** Not started yet: it starts once the application is ready. */
		NOT_RUN,

		RUNNING,

		/** Every value was looked at. */
		FINISHED,

		/** Stopped by a shutdown or reload before every value was looked at. */
		STOPPED,

		/** An error (the application database unavailable, for one) ended it early. */
		FAILED

	}

}
