package dev.lookout.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The demo's incident schedule: the first incident within two minutes of the start, each lasting
 * 60 to 90 s, then one every 5 to 6 minutes; and a schedule whose incident would never end is refused.
 */
class DemoIncidentComesSoonThenEveryFewMinutesTest {

	private static final Duration STEP = Duration.ofSeconds(1);

	@Test
	void theFirstIncidentComesWithinTwoMinutesThenOneEveryFewMinutes() {
		List<Duration[]> incidents = incidents(DemoIncident.DEFAULT, Duration.ofMinutes(30));
		assertThat(incidents).hasSizeBetween(5, 6);
		assertThat(incidents.get(0)[0]).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofMinutes(2));
		for (int i = 0; i < incidents.size(); i++) {
			Duration[] incident = incidents.get(i);
			assertThat(incident[1].minus(incident[0])).as("incident %d lasts", i)
				.isBetween(Duration.ofSeconds(60), Duration.ofSeconds(90));
			if (i > 0) {
				assertThat(incident[0].minus(incidents.get(i - 1)[0])).as("incident %d comes after the one before", i)
					.isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6));
			}
		}
	}

	@Test
	void boundsAreExactSoATestCanRelyOnThem() {
		DemoIncident incident = new DemoIncident(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(20),
				1, 1);
		assertThat(incident.ongoing(Duration.ofSeconds(-5))).as("before the start (the backfill)").isFalse();
		assertThat(incident.ongoing(Duration.ofMillis(9_999))).isFalse();
		assertThat(incident.ongoing(Duration.ofSeconds(10))).isTrue();
		assertThat(incident.ongoing(Duration.ofMillis(29_999))).isTrue();
		assertThat(incident.ongoing(Duration.ofSeconds(30))).isFalse();
		assertThat(incident.ongoing(Duration.ofSeconds(70))).isTrue();
		assertThat(incident.ongoing(Duration.ofSeconds(90))).isFalse();
	}

	@Test
	void anIncidentAsLongAsItsPeriodOrLongerIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DemoIncident(Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(60), 1, 1))
			.withMessage("lasting must be above 0 and below every (PT1M): PT1M");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DemoIncident(Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, 1, 1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DemoIncident(Duration.ofSeconds(-1), Duration.ofSeconds(60), Duration.ofSeconds(1), 1, 1));
	}

	/** Each incident's start and end within {@code span} after the start, to the second. */
	private static List<Duration[]> incidents(DemoIncident incident, Duration span) {
		List<Duration[]> found = new ArrayList<>();
		Duration began = null;
		for (Duration at = Duration.ZERO; at.compareTo(span) <= 0; at = at.plus(STEP)) {
			boolean on = incident.ongoing(at);
			if (on && began == null) {
				began = at;
			}
			else if (!on && began != null) {
				found.add(new Duration[] { began, at });
				began = null;
			}
		}
		return found;
	}

}
