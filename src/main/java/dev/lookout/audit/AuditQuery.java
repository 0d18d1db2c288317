package dev.lookout.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.lookout.security.signin.events.SignInFailed;

import org.springframework.util.StringUtils;

/**
 * What an admin asks of the audit log: filters and a page. {@link #parse} checks every value a
 * client sent and names each bad one, for the API's 400 and the page's messages alike.
 *
 * @param action an exact action, or a prefix when it ends with a dot ({@code login.})
 * @param from entries at or after this instant
 * @param to entries before this instant
 * @param before the page of entries older than this position
 * @param after the page of entries newer than this position
 */
record AuditQuery(String actor, String action, String subjectType, String subjectId, Instant from, Instant to,
		int limit, AuditCursor before, AuditCursor after) {

	static final int DEFAULT_LIMIT = 50;

	/** A page is one query and one response held in memory: a few hundred rows keep both small. */
	static final int MAX_LIMIT = 500;

	/** The column sizes of migration V1; a longer value matches nothing, so it is a mistake. */
	private static final int MAX_ACTION = 100;

	private static final int MAX_SUBJECT_TYPE = 100;

	private static final int MAX_NAME = SignInFailed.MAX_NAME;

	/** What actions are made of ({@code dashboard.create}, {@code login.failed}). */
	private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.-]+");

	static AuditQuery newest(int limit) {
		return new AuditQuery(null, null, null, null, null, null, limit, null, null);
	}

	boolean actionIsPrefix() {
		return this.action.endsWith(".");
	}

	/**
	 * @param parameters the request's parameters by name; blank ones count as absent (an empty form field)
	 * @throws InvalidAuditQuery naming every bad value
	 */
	static AuditQuery parse(Map<String, String> parameters) {
		Map<String, String> problems = new LinkedHashMap<>();
		String actor = text(parameters, "actor", MAX_NAME, problems);
		String action = text(parameters, "action", MAX_ACTION, problems);
		if (action != null && !ACTION.matcher(action).matches()) {
			problems.put("action", "only letters, digits, '.', '_' and '-' (end with '.' for a prefix)");
		}
		String subjectType = text(parameters, "subjectType", MAX_SUBJECT_TYPE, problems);
		String subjectId = text(parameters, "subjectId", MAX_NAME, problems);
		Instant from = instant(parameters, "from", problems);
		Instant to = instant(parameters, "to", problems);
		if (from != null && to != null && to.isBefore(from)) {
			problems.put("to", "must not be before from (" + from + "), got " + to);
		}
		int limit = limit(parameters, problems);
		AuditCursor before = cursor(parameters, "before", problems);
		AuditCursor after = cursor(parameters, "after", problems);
		if (before != null && after != null) {
			problems.put("after", "give before or after, not both");
		}
		if (!problems.isEmpty()) {
			throw new InvalidAuditQuery(problems);
		}
		return new AuditQuery(actor, action, subjectType, subjectId, from, to, limit, before, after);
	}

	/** The filters as request parameters (no page position, no default limit): for the page's links. */
	Map<String, String> filters() {
		Map<String, String> filters = new LinkedHashMap<>();
		put(filters, "actor", this.actor);
		put(filters, "action", this.action);
		put(filters, "subjectType", this.subjectType);
		put(filters, "subjectId", this.subjectId);
		put(filters, "from", this.from);
		put(filters, "to", this.to);
		put(filters, "limit", (this.limit != DEFAULT_LIMIT) ? this.limit : null);
		return filters;
	}

	private static void put(Map<String, String> filters, String name, Object value) {
		if (value != null) {
			filters.put(name, value.toString());
		}
	}

	private static Optional<String> value(Map<String, String> parameters, String name) {
		String value = parameters.get(name);
		return StringUtils.hasText(value) ? Optional.of(value.strip()) : Optional.empty();
	}

	private static String text(Map<String, String> parameters, String name, int max, Map<String, String> problems) {
		String value = value(parameters, name).orElse(null);
		if (value != null && value.length() > max) {
			problems.put(name, "at most " + max + " characters, got " + value.length());
		}
		return value;
	}

	private static Instant instant(Map<String, String> parameters, String name, Map<String, String> problems) {
		String value = value(parameters, name).orElse(null);
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			problems.put(name, "an ISO-8601 instant such as 2026-01-31T12:00:00Z, got '" + shown(value) + "'");
			return null;
		}
	}

	private static int limit(Map<String, String> parameters, Map<String, String> problems) {
		String value = value(parameters, "limit").orElse(null);
		if (value == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(value);
			if (limit >= 1 && limit <= MAX_LIMIT) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below like an out-of-range number.
		}
		problems.put("limit", "a whole number from 1 to " + MAX_LIMIT + ", got '" + shown(value) + "'");
		return DEFAULT_LIMIT;
	}

	private static AuditCursor cursor(Map<String, String> parameters, String name, Map<String, String> problems) {
		String value = value(parameters, name).orElse(null);
		if (value == null) {
			return null;
		}
		Optional<AuditCursor> cursor = AuditCursor.parse(value);
		if (cursor.isEmpty()) {
			problems.put(name, "not a cursor this server handed out (use the next or previous value of a page)");
		}
		return cursor.orElse(null);
	}

	/** A value as the client sent it, cut short: a message must not echo a whole request back. */
	private static String shown(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

}
