package dev.lookout.health;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every request thread that is not kept for health busy with slow work: probes still answer at
 * once, a stored panel result read anonymously and an anonymous stream's opening are still answered
 * (they take no permit), and the next
 * ordinary request is refused with 503 {@code OVERLOADED} after the short admission wait instead
 * of waiting for a thread. And cheap work beyond the permits waits for one rather than being refused.
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
			// No such panel (the context is shared with other tests, which may have made some): the read
			// path answers 404 at once, where anything else is refused.
			Probe result = probe("/api/panels/987654321/result");
			assertThat(result.status()).isEqualTo(404);
			assertThat(result.body().path("code").asString()).isEqualTo("NOT_FOUND");
			// Opening an anonymous stream takes no permit either (no such dashboard: 404 at once); one
			// that carries a cookie may wait for its session, and is refused like other work.
			Probe stream = probe("/api/stream?dashboard=no-such-dashboard");
			assertThat(stream.status()).isEqualTo(404);
			assertThat(stream.body().path("code").asString()).isEqualTo("NOT_FOUND");
			Probe signedInStream = probe("/api/stream?dashboard=no-such-dashboard", Map.of("Cookie", "JSESSIONID=x"));
			assertThat(signedInStream.status()).isEqualTo(503);
			assertThat(signedInStream.body().path("code").asString()).isEqualTo("OVERLOADED");

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

	/**
	 * As many clients as request threads, each sending cheap requests (a stylesheet) back to back:
	 * more requests at once than permits, but each permit frees within microseconds, so the
	 * admission wait finds one. A request is refused only once it has waited the whole admission
	 * wait, which cheap work does only while the JVM or the machine stalls every permit holder (a
	 * collection pause, the scheduler of two busy cores): that request had missed the latency
	 * budget already.
	 */
	@Test
	void cheapRequestsBeyondThePermitsWaitForOneRatherThanBeingShed() throws Exception {
		// Warm: a first request of a path is not cheap yet (resource lookup, the JIT).
		for (int i = 0; i < 200; i++) {
			assertThat(stylesheet().status()).isEqualTo(200);
		}
		ExecutorService clients = Executors.newFixedThreadPool(THREADS);
		List<Answer> answers = new ArrayList<>();
		try {
			List<Future<List<Answer>>> perClient = new ArrayList<>();
			for (int client = 0; client < THREADS; client++) {
				perClient.add(clients.submit(() -> {
					List<Answer> mine = new ArrayList<>();
					for (int i = 0; i < 200; i++) {
						mine.add(stylesheet());
					}
					return mine;
				}));
			}
			for (Future<List<Answer>> client : perClient) {
				answers.addAll(client.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			clients.shutdownNow();
		}
		List<Answer> refused = answers.stream().filter((answer) -> answer.status() != 200).toList();
		System.out.printf("Cheap requests from %d clients on %d threads: %d answers, %d refused%n", THREADS, THREADS,
				answers.size(), refused.size());
		assertThat(refused).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(503);
			assertThat(answer.nanos()).isGreaterThanOrEqualTo(AdmissionControlFilter.WAIT.toNanos());
		});
		// A few may meet a garbage-collection pause or a stalled core longer than the wait on a machine
		// busy with the rest of the build; the benchmark, not this test, shows none on a quiet one.
		assertThat(refused.size()).isLessThan(answers.size() / 20);
	}

	private Answer stylesheet() throws Exception {
		long started = System.nanoTime();
		int status = this.http.send(HttpRequest.newBuilder(url("/css/lookout.css")).build(),
				HttpResponse.BodyHandlers.discarding()).statusCode();
		return new Answer(status, System.nanoTime() - started);
	}

	private record Answer(int status, long nanos) {

	}


}
