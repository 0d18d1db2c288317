package dev.lookout.security.signin;

import java.time.Duration;
import java.util.UUID;

import dev.lookout.redis.RedisClients;
import dev.lookout.redis.SharedRedis;
import dev.lookout.testsupport.MutableClock;
import dev.lookout.testsupport.TestRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Two instances' throttles on the real test Redis count the same failures; without Redis each limits on its own. */
class SharedLoginThrottleTest {

	private final MutableClock clock = new MutableClock();

	private final SharedRedis redisA = RedisClients.connected(TestRedis.get().url());

	private final SharedRedis redisB = RedisClients.connected(TestRedis.get().url());

	private final SharedLoginThrottle a = new SharedLoginThrottle(this.redisA, CircuitBreaker.ofDefaults("a"), this.clock);

	private final SharedLoginThrottle b = new SharedLoginThrottle(this.redisB, CircuitBreaker.ofDefaults("b"), this.clock);

	/** Keys outlive a run (a day): each run its own names and addresses. */
	private final String run = UUID.randomUUID().toString();

	@AfterEach
	void close() {
		RedisClients.close(this.redisA);
		RedisClients.close(this.redisB);
	}

	@Test
	void failuresOnTwoInstancesAddUpForTheUser() {
		String user = "ada-" + this.run;
		this.a.failed(user, "10.0.0.1");
		this.b.failed(user, "10.0.0.2");
		this.a.failed(user, "10.0.0.3");
		this.b.failed(user, "10.0.0.4");
		assertThatNoException().isThrownBy(() -> this.a.check(user, "10.0.0.5"));
		this.b.failed(user.toUpperCase(), "10.0.0.5");
		LoginThrottled locked = catchThrowableOfType(LoginThrottled.class, () -> this.a.check(user, "10.0.0.6"));
		assertThat(locked.retryAfter()).isEqualTo(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofSeconds(60));
		assertThatNoException().isThrownBy(() -> this.b.check(user, "10.0.0.6"));
	}

	@Test
	void failuresOnTwoInstancesAddUpForTheAddressAndLocksDouble() {
		String address = "client-" + this.run;
		for (int i = 0; i < 20; i++) {
			((i % 2 == 0) ? this.a : this.b).failed("user" + i + "-" + this.run, address);
		}
		LoginThrottled locked = catchThrowableOfType(LoginThrottled.class, () -> this.b.check("x" + this.run, address));
		assertThat(locked.getMessage()).contains("from this address");
		assertThat(locked.retryAfter()).isEqualTo(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(1));
		for (int i = 0; i < 20; i++) {
			this.a.failed("again" + i + "-" + this.run, address);
		}
		assertThat(catchThrowableOfType(LoginThrottled.class, () -> this.b.check("y" + this.run, address)).retryAfter())
			.isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void aSuccessClearsTheUserEverywhere() {
		String user = "ed-" + this.run;
		for (int i = 0; i < 4; i++) {
			this.a.failed(user, "10.0.1." + i);
		}
		this.b.succeeded(user);
		this.a.failed(user, "10.0.1.9");
		assertThatNoException().isThrownBy(() -> this.a.check(user, "10.0.1.9"));
	}

	@Test
	void withoutRedisEachInstanceLimitsOnItsOwn() {
		String user = "vic-" + this.run;
		RedisClients.close(this.redisA);
		for (int i = 0; i < 5; i++) {
			this.a.failed(user, "10.0.2.1");
		}
		assertThat(catchThrowableOfType(LoginThrottled.class, () -> this.a.check(user, "10.0.2.1")).retryAfter())
			.isEqualTo(Duration.ofMinutes(1));
		assertThatNoException().isThrownBy(() -> this.b.check(user, "10.0.2.1"));
	}

}
