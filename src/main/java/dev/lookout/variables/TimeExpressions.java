package dev.lookout.variables;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time expressions a time range is written in: {@code now}, {@code now-6h}, {@code today},
 * {@code this week}, an instant or a date. Each has one canonical spelling, so that equal ranges
 * make equal cache keys, and resolves to an instant given the time and the zone.
 */
public final class TimeExpressions {

	static final int MAX_AMOUNT = 100_000;

	static final String ACCEPTED = "must be now, now-<n><unit> or now+<n><unit> (n from 1 to " + MAX_AMOUNT
			+ ", unit s, m, h, d, w, M for months or y), today, yesterday, this week, this month, this year, "
			+ "an ISO-8601 instant with its offset (2026-12-01T10:00:00Z) or a date (2026-12-01)";

	/** Longer than any accepted spelling with room for spaces; a longer input is refused before any parsing. */
	private static final int MAX_LENGTH = 64;

	/** The unit's case matters for m (minutes) and M (months) only, so the unit is matched as typed. */
	private static final Pattern RELATIVE = Pattern.compile("(?i:now)\\s*(?:([+-])\\s*(\\d{1,9})\\s*([a-zA-Z]))?");

	private static final Pattern WORDS = Pattern.compile("\\s+");

	private TimeExpressions() {
	}

	/**
	 * The canonical spelling of an expression ({@code now-6h}, {@code this week},
	 * {@code 2026-12-01T09:00:00Z}); throws {@link IllegalArgumentException} saying what is accepted.
	 */
	public static String normalize(String expression) {
		return parse(expression).canonical();
	}

	/**
	 * The instant an expression stands for at {@code now}: weeks start on Monday; days, weeks,
	 * months, years and the calendar periods are counted in {@code zone}, so {@code now-1d} across a
	 * change to summer time is 23 hours before.
	 */
	public static Instant resolve(String expression, Instant now, ZoneId zone) {
		return parse(expression).resolve(now.atZone(zone)).toInstant();
	}

	private static Expression parse(String expression) {
		if (expression == null) {
			throw new IllegalArgumentException(ACCEPTED + ", was nothing");
		}
		String stripped = expression.strip();
		if (stripped.length() > MAX_LENGTH) {
			throw refused(expression);
		}
		Matcher relative = RELATIVE.matcher(stripped);
		if (relative.matches()) {
			return (relative.group(1) != null) ? relative(relative, expression) : new Relative(1, 0, ChronoUnit.SECONDS);
		}
		String words = WORDS.matcher(stripped).replaceAll(" ").toLowerCase(Locale.ROOT);
		for (Period period : Period.values()) {
			if (period.spelling.equals(words)) {
				return period;
			}
		}
		return absolute(stripped, expression);
	}

	private static Expression relative(Matcher relative, String expression) {
		long amount = Long.parseLong(relative.group(2));
		if (amount < 1 || amount > MAX_AMOUNT) {
			throw refused(expression);
		}
		ChronoUnit unit = switch (relative.group(3)) {
			case "s", "S" -> ChronoUnit.SECONDS;
			case "m" -> ChronoUnit.MINUTES;
			case "h", "H" -> ChronoUnit.HOURS;
			case "d", "D" -> ChronoUnit.DAYS;
			case "w", "W" -> ChronoUnit.WEEKS;
			case "M" -> ChronoUnit.MONTHS;
			case "y", "Y" -> ChronoUnit.YEARS;
			default -> throw refused(expression);
		};
		return new Relative(relative.group(1).equals("-") ? -1 : 1, amount, unit);
	}

	private static Expression absolute(String stripped, String expression) {
		String upper = stripped.toUpperCase(Locale.ROOT);
		try {
			return new At(OffsetDateTime.parse(upper).toInstant());
		}
		catch (DateTimeParseException notAnInstant) {
			try {
				return new Day(LocalDate.parse(upper));
			}
			catch (DateTimeParseException notADate) {
				throw refused(expression);
			}
		}
	}

	private static IllegalArgumentException refused(String expression) {
		return new IllegalArgumentException(ACCEPTED + ", was " + Values.shown(expression));
	}

	private sealed interface Expression permits Relative, Period, At, Day {

		String canonical();

		ZonedDateTime resolve(ZonedDateTime now);

	}

	/** {@code now}, or so many units before or after it; amount 0 is {@code now}. */
	private record Relative(int sign, long amount, ChronoUnit unit) implements Expression {

		@Override
		public String canonical() {
			return (this.amount == 0) ? "now" : "now" + ((this.sign < 0) ? "-" : "+") + this.amount + symbol();
		}

		@Override
		public ZonedDateTime resolve(ZonedDateTime now) {
			return now.plus(this.sign * this.amount, this.unit);
		}

		private String symbol() {
			return switch (this.unit) {
				case SECONDS -> "s";
				case MINUTES -> "m";
				case HOURS -> "h";
				case DAYS -> "d";
				case WEEKS -> "w";
				case MONTHS -> "M";
				case YEARS -> "y";
				default -> throw new IllegalStateException("No symbol for " + this.unit);
			};
		}

	}

	/** The start of a calendar period in the zone. */
	private enum Period implements Expression {

		TODAY("today"), YESTERDAY("yesterday"), THIS_WEEK("this week"), THIS_MONTH("this month"),
		THIS_YEAR("this year");

		private final String spelling;

		Period(String spelling) {
			this.spelling = spelling;
		}

		@Override
		public String canonical() {
			return this.spelling;
		}

		@Override
		public ZonedDateTime resolve(ZonedDateTime now) {
			LocalDate today = now.toLocalDate();
			LocalDate start = switch (this) {
				case TODAY -> today;
				case YESTERDAY -> today.minusDays(1);
				case THIS_WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
				case THIS_MONTH -> today.withDayOfMonth(1);
				case THIS_YEAR -> today.withDayOfYear(1);
			};
			// atStartOfDay, not midnight: where summer time starts at midnight the day starts at 01:00.
			return start.atStartOfDay(now.getZone());
		}

	}

	/** An instant, written in UTC. */
	private record At(Instant instant) implements Expression {

		@Override
		public String canonical() {
			return this.instant.toString();
		}

		@Override
		public ZonedDateTime resolve(ZonedDateTime now) {
			return this.instant.atZone(now.getZone());
		}

	}

	/** The start of a date in the zone. */
	private record Day(LocalDate date) implements Expression {

		@Override
		public String canonical() {
			return this.date.toString();
		}

		@Override
		public ZonedDateTime resolve(ZonedDateTime now) {
			return this.date.atStartOfDay(now.getZone());
		}

	}

}
