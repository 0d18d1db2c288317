package dev.lookout.watchdog;

import java.time.Duration;

import dev.lookout.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one escalation every check follows, on a fake clock: wait, first remedy, reload, give up. */
class EscalationTest {

	private static final Duration WINDOW = Duration.ofMinutes(10);

	private final MutableClock clock = new MutableClock();

	@Test
	void aPatientCheckWaitsThenRemediesThenReloadsEachAfterItsPatienceAndStartsAgain() {
		Escalation escalation = new Escalation(new Escalation.Policy(Duration.ofSeconds(30), 1, false, WINDOW));

		assertThat(step(escalation)).isEqualTo(Escalation.Step.WAIT);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(step(escalation)).isEqualTo(Escalation.Step.WAIT);
		this.clock.advance(Duration.ofSeconds(1));
		Escalation.Decision remedy = escalation.wedged(this.clock.instant());
		assertThat(remedy.step()).isEqualTo(Escalation.Step.REMEDY);
		assertThat(remedy.wedgedFor()).isEqualTo(Duration.ofSeconds(30));

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(step(escalation)).as("the reload waits its own patience").isEqualTo(Escalation.Step.WAIT);
		this.clock.advance(Duration.ofSeconds(20));
		Escalation.Decision reload = escalation.wedged(this.clock.instant());
		assertThat(reload.step()).isEqualTo(Escalation.Step.RELOAD);
		assertThat(reload.remediesTried()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(30));
		assertThat(step(escalation)).as("after a reload, the remedy first again").isEqualTo(Escalation.Step.REMEDY);
	}

	@Test
	void aCheckThatRecoversForgetsItsWedgeAndUnlessRememberedItsRemedies() {
		Escalation escalation = new Escalation(new Escalation.Policy(Duration.ofSeconds(30), 1, false, WINDOW));
		step(escalation);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(step(escalation)).isEqualTo(Escalation.Step.REMEDY);

		escalation.fine();
		assertThat(step(escalation)).as("a new wedge waits again").isEqualTo(Escalation.Step.WAIT);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(step(escalation)).as("the earlier remedy is forgotten").isEqualTo(Escalation.Step.REMEDY);
	}

	@Test
	void rememberedRemediesWithinTheWindowLeadToAReloadEvenAcrossRecoveries() {
		Escalation escalation = new Escalation(new Escalation.Policy(Duration.ZERO, 2, true, WINDOW));

		assertThat(step(escalation)).as("no patience: at once").isEqualTo(Escalation.Step.REMEDY);
		escalation.fine();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(step(escalation)).isEqualTo(Escalation.Step.REMEDY);
		escalation.fine();
		this.clock.advance(Duration.ofMinutes(1));
		Escalation.Decision reload = escalation.wedged(this.clock.instant());
		assertThat(reload.step()).isEqualTo(Escalation.Step.RELOAD);
		assertThat(reload.remediesTried()).isEqualTo(2);

		assertThat(step(escalation)).as("the reload clears them").isEqualTo(Escalation.Step.REMEDY);
	}

	@Test
	void rememberedRemediesOlderThanTheWindowNoLongerCount() {
		Escalation escalation = new Escalation(new Escalation.Policy(Duration.ZERO, 2, true, WINDOW));
		step(escalation);
		this.clock.advance(Duration.ofMinutes(5));
		step(escalation);

		this.clock.advance(Duration.ofMinutes(5).plusMillis(1));
		assertThat(step(escalation)).as("the first aged out").isEqualTo(Escalation.Step.REMEDY);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(step(escalation)).isEqualTo(Escalation.Step.RELOAD);
	}

	@Test
	void whatNothingCanUndoGivesUpAtOnce() {
		Escalation escalation = new Escalation(Escalation.Policy.giveUpAtOnce());

		assertThat(step(escalation)).isEqualTo(Escalation.Step.GIVE_UP);
	}

	private Escalation.Step step(Escalation escalation) {
		return escalation.wedged(this.clock.instant()).step();
	}

}
