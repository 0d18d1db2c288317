package dev.lookout.security.signin;

import java.time.Duration;

import dev.lookout.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The lock arithmetic, on a clock the test moves. */
class LoginThrottleTest {

	private final MutableClock clock = new MutableClock();

	private final LoginThrottle throttle = new LoginThrottle(this.clock);

	@Test
	void fiveFailuresWithinTheWindowLockTheUserForAMinute() {
		failures("ada", "10.0.0.1", 4);
		assertThatNoException().isThrownBy(() -> this.throttle.check("ada", "10.0.0.1"));
		failures("ada", "10.0.0.1", 1);
		assertThat(lockOf("ada", "10.0.0.2")).isEqualTo(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(lockOf("ada", "10.0.0.2")).isEqualTo(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThatNoException().isThrownBy(() -> this.throttle.check("ada", "10.0.0.1"));
	}

	@Test
	void failuresOlderThanTheWindowNoLongerCount() {
		failures("ada", "10.0.0.1", 4);
		this.clock.advance(Duration.ofMinutes(5));
		failures("ada", "10.0.0.1", 4);
		assertThatNoException().isThrownBy(() -> this.throttle.check("ada", "10.0.0.1"));
	}

	@Test
	void eachLockDoublesUpToTheCap() {
		for (long minutes : new long[] { 1, 2, 4, 8, 15, 15 }) {
			failures("ada", "10.0.0.1", 5);
			assertThat(lockOf("ada", "10.0.0.9")).isEqualTo(Duration.ofMinutes(minutes));
			this.clock.advance(Duration.ofMinutes(minutes));
		}
	}

	@Test
	void aQuietDayForgetsEarlierLocks() {
		failures("ada", "10.0.0.1", 5);
		this.clock.advance(Duration.ofHours(25));
		failures("ada", "10.0.0.1", 5);
		assertThat(lockOf("ada", "10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void manyFailuresFromOneAddressLockTheAddressForEveryUser() {
		for (int i = 0; i < 20; i++) {
			failures("user" + i, "10.0.0.1", 1);
		}
		LoginThrottled locked = catchThrowableOfType(LoginThrottled.class, () -> this.throttle.check("ada", "10.0.0.1"));
		assertThat(locked.getMessage()).isEqualTo("Too many failed sign-ins from this address; try again in 1 minute.");
		assertThatNoException().isThrownBy(() -> this.throttle.check("ada", "10.0.0.2"));
	}

	@Test
	void aSuccessClearsTheUserButNotTheAddress() {
		failures("ada", "10.0.0.1", 4);
		this.throttle.succeeded("ada");
		failures("ada", "10.0.0.1", 4);
		assertThatNoException().isThrownBy(() -> this.throttle.check("ada", "10.0.0.1"));
		failures("bob", "10.0.0.1", 12);
		assertThat(lockOf("carol", "10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void userNamesCountWithoutRegardToCaseOrBlanks() {
		failures("Ada", "10.0.0.1", 2);
		failures(" ada ", "10.0.0.2", 2);
		failures("ADA", "10.0.0.3", 1);
		LoginThrottled locked = catchThrowableOfType(LoginThrottled.class, () -> this.throttle.check("ada", "10.0.0.4"));
		assertThat(locked.getMessage()).isEqualTo("Too many failed sign-ins for this user; try again in 1 minute.");
	}

	private void failures(String user, String address, int count) {
		for (int i = 0; i < count; i++) {
			this.throttle.failed(user, address);
		}
	}

	private Duration lockOf(String user, String address) {
		LoginThrottled locked = catchThrowableOfType(LoginThrottled.class, () -> this.throttle.check(user, address));
		assertThat(locked).as("locked").isNotNull();
		return locked.retryAfter();
	}

}
