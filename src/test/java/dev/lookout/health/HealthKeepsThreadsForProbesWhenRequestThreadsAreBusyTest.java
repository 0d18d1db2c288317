package dev.lookout.health;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every request thread that is not kept for health busy with slow work: probes still answer at
 * once, and the next ordinary request is refused at once with 503 {@code OVERLOADED} instead of
 * waiting for a thread.
 */
class HealthKeepsThreadsForProbesWhenRequestThreadsAreBusyTest extends RunningInstance {

	private static final int PROBES = 300;

	@Test
	void probesAnswerAndExcessRequestsAreShedWhileEveryUnreservedThreadIsBusy() throws Exception {
		HeldRequests.holdFromNowOn();
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		try {
			for (int i = 0; i < UNRESERVED_THREADS; i++) {
				held.add(this.http.sendAsync(HttpRequest.newBuilder(url("/test/held")).build(),
						HttpResponse.BodyHandlers.ofString()));
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> health().details("requestThreads").path("busy").asInt() == UNRESERVED_THREADS);

			Probe refused = probe("/api/dashboards");
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.body().path("code").asString()).isEqualTo("OVERLOADED");
			assertThat(refused.retryAfter()).isEqualTo("1");
			assertThat(refused.nanos()).isLessThan(TimeUnit.SECONDS.toNanos(1));

			long[] latencies = new long[PROBES];
			for (int i = 0; i < PROBES; i++) {
				String path = switch (i % 3) {
					case 0 -> "/health";
					case 1 -> "/health/ready";
					default -> "/health/live";
				};
				Probe probe = probe(path);
				assertThat(probe.status()).as(path).isEqualTo(200);
				latencies[i] = probe.nanos();
			}
			System.out.printf("Health while every unreserved request thread is busy: %d probes, p50 %.2f ms,"
					+ " p99 %.2f ms%n", PROBES, percentileMillis(latencies, 50), percentileMillis(latencies, 99));
			assertThat(percentileMillis(latencies, 99)).isLessThan(200);

			Probe health = health();
			assertThat(health.overall()).isEqualTo("DEGRADED");
			assertThat(health.statusOf("requestThreads")).isEqualTo("DEGRADED");
			assertThat(health.details("requestThreads").path("limit").asInt()).isEqualTo(UNRESERVED_THREADS);
			assertThat(health.details("requestThreads").path("shed").asLong()).isPositive();
			assertThat(held).noneMatch(CompletableFuture::isDone);
		}
		finally {
			HeldRequests.releaseAll();
		}
		for (CompletableFuture<HttpResponse<String>> request : held) {
			assertThat(request.get(10, TimeUnit.SECONDS).body()).isEqualTo("released");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> health().statusOf("requestThreads").equals("UP"));
		assertThat(probe("/api/dashboards").status()).isEqualTo(200);
	}

}
