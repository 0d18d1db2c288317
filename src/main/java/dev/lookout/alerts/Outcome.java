package dev.lookout.alerts;

/**
 * What one result means for a rule, its onNoData and onError choices applied: the condition holds
 * or does not, or the rule goes to NO_DATA or ERROR; with the value shown to people.
 */
record Outcome(Kind kind, String value) {

	enum Kind {

		HOLDS, CLEAR, NO_DATA, ERROR

	}

	static Outcome holds(String value) {
		return new Outcome(Kind.HOLDS, value);
	}

	static Outcome clear(String value) {
		return new Outcome(Kind.CLEAR, value);
	}

	/** {@code state} as chosen by a rule's onNoData or onError: NO_DATA, ERROR, or OK (the condition does not hold). */
	static Outcome as(AlertState state, String value) {
		return switch (state) {
			case NO_DATA -> new Outcome(Kind.NO_DATA, value);
			case ERROR -> new Outcome(Kind.ERROR, value);
			default -> clear(value);
		};
	}

}
