package dev.lookout.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.lifecycle.ReloadCoordinators;
import dev.lookout.lifecycle.ShutdownSettings;
import dev.lookout.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchdog's rounds on a fake clock, with checks that are told when to be wedged and a real
 * reload of a registry: the first remedy, then a reload, then liveness DOWN once the budget is spent.
 */
class WatchdogEscalatesEveryCheckAlikeTest {

	private static final Duration PATIENCE = Duration.ofSeconds(1);

	private final MutableClock clock = new MutableClock();

	private final ManagedResources resources = new ManagedResources(
			new ShutdownSettings(Duration.ofSeconds(10), Duration.ofSeconds(5)), this.clock);

	private final ReloadCoordinator reloads = ReloadCoordinators.ready(this.resources);

	private final AtomicInteger restarted = new AtomicInteger();

	private final List<Object> events = new ArrayList<>();

	private final WatchdogSettings settings = new WatchdogSettings(true, Duration.ofMillis(200), Duration.ofSeconds(1),
			PATIENCE, PATIENCE, Duration.ofMinutes(10), 1, false);

	WatchdogEscalatesEveryCheckAlikeTest() {
		this.resources.register("pool", 400, () -> {
		}).startWith(this.restarted::incrementAndGet);
	}

	@Test
	void remediesThenReloadsThenTurnsLivenessDownWhenTheReloadBudgetIsSpent() {
		FakeCheck pool = new FakeCheck("pool", new Escalation.Policy(PATIENCE, 1, false, Duration.ofMinutes(10)));
		Watchdog watchdog = watchdog(pool);
		pool.wedged = true;

		watchdog.round();
		assertThat(watchdog.actions()).as("patience first").isEmpty();
		this.clock.advance(PATIENCE);
		watchdog.round();
		assertThat(pool.remedies).hasValue(1);
		assertThat(watchdog.actions().get(0)).satisfies((action) -> {
			assertThat(action.check()).isEqualTo("pool");
			assertThat(action.action()).isEqualTo("evict");
			assertThat(action.detail()).isEqualTo("all busy for 1000 ms");
		});

		this.clock.advance(PATIENCE);
		watchdog.round();
		assertThat(this.restarted).hasValue(1);
		assertThat(watchdog.actions().get(0)).satisfies((action) -> {
			assertThat(action.action()).isEqualTo("reload");
			assertThat(action.succeeded()).isTrue();
			assertThat(action.detail()).startsWith("all busy for 1000 ms; 1 evict did not help; reloaded in");
		});
		assertThat(watchdog.health().getDetails()).containsEntry("reloadsInWindow", 1);

		this.clock.advance(PATIENCE);
		watchdog.round();
		assertThat(pool.remedies).as("after the reload, the remedy first again").hasValue(2);
		this.clock.advance(PATIENCE);
		watchdog.round();

		assertThat(watchdog.gaveUp()).isTrue();
		assertThat(this.restarted).as("no second reload").hasValue(1);
		assertThat(watchdog.actions().get(0)).satisfies((action) -> {
			assertThat(action.action()).isEqualTo("liveness-down");
			assertThat(action.detail()).contains("already 1 reloads within 600 s");
		});
		assertThat(this.events).singleElement()
			.satisfies((event) -> assertThat(((AvailabilityChangeEvent<?>) event).getState())
				.isEqualTo(LivenessState.BROKEN));
		assertThat(watchdog.health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void aCheckThatRecoversStartsItsEscalationAfresh() {
		FakeCheck pool = new FakeCheck("pool", new Escalation.Policy(PATIENCE, 1, false, Duration.ofMinutes(10)));
		Watchdog watchdog = watchdog(pool);
		pool.wedged = true;
		watchdog.round();
		this.clock.advance(PATIENCE);
		watchdog.round();
		assertThat(pool.remedies).hasValue(1);

		pool.wedged = false;
		watchdog.round();
		pool.wedged = true;
		watchdog.round();
		this.clock.advance(PATIENCE);
		watchdog.round();

		assertThat(pool.remedies).as("a remedy again, not a reload").hasValue(2);
		assertThat(this.restarted).hasValue(0);
	}

	@Test
	void whatCannotBeUndoneGivesUpAtOnceAndEndsTheRound() {
		FakeCheck deadlock = new FakeCheck("deadlock", Escalation.Policy.giveUpAtOnce());
		FakeCheck later = new FakeCheck("later", new Escalation.Policy(Duration.ZERO, 1, false, Duration.ofMinutes(10)));
		Watchdog watchdog = watchdog(deadlock, later);
		deadlock.wedged = true;
		later.wedged = true;

		watchdog.round();

		assertThat(watchdog.gaveUp()).isTrue();
		assertThat(later.asked).as("the round ended").hasValue(0);
		assertThat(watchdog.actions()).singleElement()
			.satisfies((action) -> assertThat(action.action()).isEqualTo("liveness-down"));
		watchdog.round();
		assertThat(later.asked).as("and no round after it").hasValue(0);
	}

	@Test
	void actsOnlyWhileTheInstanceIsReady() {
		FakeCheck pool = new FakeCheck("pool", new Escalation.Policy(Duration.ZERO, 1, false, Duration.ofMinutes(10)));
		Watchdog watchdog = new Watchdog(this.settings, () -> Stream.of(pool),
				ReloadCoordinators.starting(this.resources), this.events::add, this.clock,
				new ActionLog(this.clock, new SimpleMeterRegistry()));
		pool.wedged = true;

		watchdog.round();

		assertThat(pool.asked).hasValue(0);
	}

	private Watchdog watchdog(Check... checks) {
		return new Watchdog(this.settings, () -> Stream.of(checks), this.reloads, this.events::add, this.clock,
				new ActionLog(this.clock, new SimpleMeterRegistry()));
	}

	private static final class FakeCheck implements Check {

		private final String name;

		private final Escalation.Policy policy;

		final AtomicInteger remedies = new AtomicInteger();

		final AtomicInteger asked = new AtomicInteger();

		volatile boolean wedged;

		FakeCheck(String name, Escalation.Policy policy) {
			this.name = name;
			this.policy = policy;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public Optional<String> wedged(Instant now) {
			this.asked.incrementAndGet();
			return this.wedged ? Optional.of("all busy") : Optional.empty();
		}

		@Override
		public Escalation.Policy policy() {
			return this.policy;
		}

		@Override
		public String remedy() {
			return "evict";
		}

		@Override
		public void applyRemedy() {
			this.remedies.incrementAndGet();
		}

	}

}
