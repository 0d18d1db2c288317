package dev.lookout.variables;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Each accepted spelling of a time, its canonical form, the instant it stands for, and what is refused. */
class TimeExpressionsTest {

	/** Sunday 29 March 2026, 14:00 in Berlin: summer time began at 02:00 that night. */
	private static final Instant DST_SUNDAY = Instant.parse("2026-03-29T12:00:00Z");

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			now                       | now
			 NOW                      | now
			now-6h                    | now-6h
			now - 6 h                 | now-6h
			NOW-6H                    | now-6h
			now-006h                  | now-6h
			now+15m                   | now+15m
			now-1M                    | now-1M
			now-30s                   | now-30s
			now-2d                    | now-2d
			now-1w                    | now-1w
			now-1y                    | now-1y
			now-100000s               | now-100000s
			today                     | today
			Yesterday                 | yesterday
			this   week               | this week
			THIS MONTH                | this month
			this year                 | this year
			2026-12-01T10:00:00Z      | 2026-12-01T10:00:00Z
			2026-12-01t10:00:00z      | 2026-12-01T10:00:00Z
			2026-12-01T10:00:00+01:00 | 2026-12-01T09:00:00Z
			2026-12-01T10:00:00.5Z    | 2026-12-01T10:00:00.500Z
			2026-12-01                | 2026-12-01
			""")
	void normalizes(String expression, String canonical) {
		assertThat(TimeExpressions.normalize(expression)).isEqualTo(canonical);
	}

	@Test
	void minutesAndMonthsAreToldApartByTheUnitsCase() {
		Instant now = Instant.parse("2026-05-20T10:00:00Z");
		assertThat(TimeExpressions.resolve("now-1m", now, ZoneOffset.UTC)).isEqualTo("2026-05-20T09:59:00Z");
		assertThat(TimeExpressions.resolve("now-1M", now, ZoneOffset.UTC)).isEqualTo("2026-04-20T10:00:00Z");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			now                  | 2026-05-20T10:30:15Z
			now-6h               | 2026-05-20T04:30:15Z
			now+30s              | 2026-05-20T10:30:45Z
			now-2d               | 2026-05-18T10:30:15Z
			now-1w               | 2026-05-13T10:30:15Z
			now-1y               | 2025-05-20T10:30:15Z
			today                | 2026-05-20T00:00:00Z
			yesterday            | 2026-05-19T00:00:00Z
			this week            | 2026-05-18T00:00:00Z
			this month           | 2026-05-01T00:00:00Z
			this year            | 2026-01-01T00:00:00Z
			2026-12-01T10:00:00Z | 2026-12-01T10:00:00Z
			2026-12-01           | 2026-12-01T00:00:00Z
			""")
	void resolvesInUtc(String expression, Instant expected) {
		// Wednesday 20 May 2026.
		Instant now = Instant.parse("2026-05-20T10:30:15Z");
		assertThat(TimeExpressions.resolve(expression, now, ZoneOffset.UTC)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			today                     | 2026-03-28T23:00:00Z
			yesterday                 | 2026-03-27T23:00:00Z
			this week                 | 2026-03-22T23:00:00Z
			this month                | 2026-02-28T23:00:00Z
			this year                 | 2025-12-31T23:00:00Z
			now-1d                    | 2026-03-28T13:00:00Z
			now-24h                   | 2026-03-28T12:00:00Z
			2026-03-29                | 2026-03-28T23:00:00Z
			2026-03-29T14:00:00+02:00 | 2026-03-29T12:00:00Z
			""")
	void calendarPeriodsAndDaysAreCountedInTheZoneAcrossSummerTime(String expression, Instant expected) {
		assertThat(TimeExpressions.resolve(expression, DST_SUNDAY, BERLIN)).isEqualTo(expected);
	}

	@Test
	void monthsAreCountedInTheZoneAcrossSummerTime() {
		// 14:00 summer time in April; a month earlier is 14:00 winter time, one hour more in UTC.
		Instant now = Instant.parse("2026-04-15T12:00:00Z");
		assertThat(TimeExpressions.resolve("now-1M", now, BERLIN)).isEqualTo("2026-03-15T13:00:00Z");
		assertThat(TimeExpressions.resolve("this month", now, BERLIN)).isEqualTo("2026-03-31T22:00:00Z");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "now-", "now-6x", "now-0h", "now-100001s", "now-6", "now 6h", "now--6h",
			"yesterday-1d", "today+1d", "DROP TABLE", "'; DROP TABLE x; --", "now-6h; SELECT 1", "2026-12-01T10:00:00",
			"2026-13-01", "2026-12-01T25:00:00Z", "1764583200", "this fortnight", "thisweek", "now-9999999999h" })
	void refusesWhatIsNotATimeSayingWhatIs(String expression) {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeExpressions.normalize(expression))
			.withMessageStartingWith("must be now, now-<n><unit> or now+<n><unit> (n from 1 to 100000, unit s, m, h, d, w, M "
					+ "for months or y), today, yesterday, this week, this month, this year, an ISO-8601 instant with its "
					+ "offset (2026-12-01T10:00:00Z) or a date (2026-12-01), was '");
	}

	@Test
	void aVeryLongInputIsCutInTheMessage() {
		String longest = "now-6h" + " ".repeat(10_000) + "x";
		assertThatIllegalArgumentException().isThrownBy(() -> TimeExpressions.normalize(longest))
			.withMessageEndingWith("was 'now-6h                                  '… (10007 characters)");
	}

	@Test
	void controlCharactersAreEscapedInTheMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeExpressions.normalize("now\0"))
			.withMessageEndingWith("was 'now\\u0000'");
	}

	@Test
	void nothingIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeExpressions.normalize(null))
			.withMessageEndingWith("was nothing");
	}

}
