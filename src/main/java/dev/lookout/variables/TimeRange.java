package dev.lookout.variables;

/**
 * A dashboard's one time range: its label and its default bounds, as time expressions. Its SQL
 * parameters and its URL parameters are always named {@code from} and {@code to}.
 */
public record TimeRange(String label, String from, String to) {

	public static final String FROM = "from";

	public static final String TO = "to";

	static final String DEFAULT_LABEL = "Time range";

	/** A missing label is the default one. */
	public TimeRange {
		label = (label == null || label.isBlank()) ? DEFAULT_LABEL : label;
	}

}
