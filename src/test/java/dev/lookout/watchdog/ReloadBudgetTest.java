package dev.lookout.watchdog;

import java.time.Duration;

import dev.lookout.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The reload budget on a fake clock: so many reloads within the window, and room again as they age out. */
class ReloadBudgetTest {

	private final MutableClock clock = new MutableClock();

	@Test
	void allowsAsManyReloadsAsTheWindowHoldsAndRefusesOneMore() {
		ReloadBudget budget = new ReloadBudget(Duration.ofMinutes(10), 2);

		assertThat(budget.take(this.clock.instant())).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(budget.take(this.clock.instant())).isTrue();
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(budget.take(this.clock.instant())).isFalse();
		assertThat(budget.used(this.clock.instant())).as("a refusal takes nothing").isEqualTo(2);
	}

	@Test
	void aReloadOlderThanTheWindowNoLongerCounts() {
		ReloadBudget budget = new ReloadBudget(Duration.ofMinutes(10), 1);
		assertThat(budget.take(this.clock.instant())).isTrue();

		this.clock.advance(Duration.ofMinutes(10));
		assertThat(budget.used(this.clock.instant())).as("exactly at the window's edge").isEqualTo(1);
		assertThat(budget.take(this.clock.instant())).isFalse();

		this.clock.advance(Duration.ofMillis(1));
		assertThat(budget.used(this.clock.instant())).isZero();
		assertThat(budget.take(this.clock.instant())).isTrue();
	}

	@Test
	void refusesAWindowOrAMaximumThatAllowsNothing() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ReloadBudget(Duration.ZERO, 1))
			.withMessage("reload window must be greater than 0ms, but was 0ms");
		assertThatIllegalArgumentException().isThrownBy(() -> new ReloadBudget(Duration.ofMinutes(1), 0))
			.withMessage("max reloads must be at least 1, but was 0");
	}

}
