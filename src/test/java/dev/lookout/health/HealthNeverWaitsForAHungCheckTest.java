package dev.lookout.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.registry.HealthContributorRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three endpoints answer from the latest results at once whatever a check does: one that
 * hangs is DOWN ("no answer for …") while every probe still answers in milliseconds, and a frozen
 * (SIGSTOP) application database never makes a probe wait for its check.
 */
class HealthNeverWaitsForAHungCheckTest extends RunningInstance {

	private static final Duration RECOVERY = Duration.ofSeconds(15);

	/** Typical: the answer is read from memory, a few milliseconds in-process. */
	private static final double MEDIAN_MILLIS = 20;

	/**
	 * Never a wait for a check: well under the 1 s health timeout a waiting probe would take. Not
	 * the 10 ms of the goal: on a loaded shared test machine scheduling alone reaches tens of ms.
	 */
	private static final double MAX_MILLIS = 500;

	private static final int PROBES = 100;

	@Autowired
	HealthSchedule schedule;

	@Autowired
	HealthContributorRegistry registry;

	@Autowired
	Clock clock;

	@Test
	void aCheckThatHangsIsDownWithNoAnswerAndNoProbeWaitsForIt() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ProbeThread prober = new ProbeThread("test-hung-probe-");
		ScheduledCheck hung = new ScheduledCheck(() -> prober.run(() -> {
			try {
				release.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Health.up().build();
		}), Duration.ofSeconds(1), Duration.ofMillis(300), Map.of("target", "hung"), this.clock);
		this.registry.registerContributor("hung", this.schedule.add(hung));
		try {
			await().atMost(RECOVERY).until(() -> health().statusOf("hung").equals("DOWN"));
			Probe health = health();
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.overall()).isEqualTo("DEGRADED");
			assertThat(health.details("hung").path("error").asString()).startsWith("no answer for ");
			assertThat(health.details("hung").path("target").asString()).isEqualTo("hung");
			assertFast();
			release.countDown();
			await().atMost(RECOVERY).until(() -> health().statusOf("hung").equals("UP"));
			assertThat(health().details("hung").has("ageMs")).isTrue();
		}
		finally {
			release.countDown();
			this.schedule.remove(hung);
			this.registry.unregisterContributor("hung");
			prober.close();
		}
	}

	@Test
	void aFrozenDatabaseNeverMakesAProbeWait() throws Exception {
		await().atMost(RECOVERY).until(() -> health().statusOf("database").equals("UP"));
		assertThat(health().details("database").has("ageMs")).isTrue();
		TestPostgres.get().pause();
		try {
			await().atMost(RECOVERY).until(() -> {
				Probe probe = health();
				assertThat(probe.nanos()).isLessThan(Duration.ofMillis(500).toNanos());
				return probe.statusOf("database").equals("DOWN");
			});
			assertThat(health().overall()).isEqualTo("DEGRADED");
			assertFast();
		}
		finally {
			TestPostgres.get().resume();
		}
		await().atMost(RECOVERY).until(() -> health().statusOf("database").equals("UP"));
	}

	/** Each endpoint, many times over: every answer 200, typically in milliseconds, none waiting for a check. */
	private void assertFast() throws Exception {
		for (String path : new String[] { "/health", "/health/live", "/health/ready" }) {
			// Warm: the first requests of a path pay for class loading, not for any check.
			for (int i = 0; i < 20; i++) {
				probe(path);
			}
			long[] nanos = new long[PROBES];
			for (int i = 0; i < PROBES; i++) {
				Probe probe = probe(path);
				assertThat(probe.status()).as(path).isEqualTo(200);
				nanos[i] = probe.nanos();
			}
			assertThat(percentileMillis(nanos, 50)).as(path + " p50 (ms)").isLessThan(MEDIAN_MILLIS);
			assertThat(percentileMillis(nanos, 100)).as(path + " max (ms)").isLessThan(MAX_MILLIS);
		}
	}

}
