package dev.lookout.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link ResultCache} does, run against each implementation. {@link #cache()} is
 * the instance under test; {@link #freshReader()} reads the same storage while holding nothing
 * of its own, as another instance of Lookout would (for a cache without shared storage, the
 * cache itself). A fresh reader may see a write a moment later, so those checks wait a little.
 */
abstract class ResultCacheContract {

	static final Instant AS_OF = Instant.parse("2026-03-01T12:30:15.123456789Z");

	/** The cache under test. */
	abstract ResultCache cache();

	/** A reader of the same storage that holds nothing in process yet. */
	abstract ResultCache freshReader();

	static StoredResult result(long panelId, long version, String body) {
		return new StoredResult(ViewKey.of(panelId), version, AS_OF, false, null, body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aPanelNeverStoredHasNoResult() {
		assertThat(cache().get(ViewKey.of(404))).isEmpty();
		assertThat(freshReader().get(ViewKey.of(404))).isEmpty();
	}

	@Test
	void putThenGetReturnsTheResult() {
		StoredResult stored = result(1, 7, "{\"panelId\":1}");
		cache().put(ViewKey.of(1), stored);
		assertThat(cache().get(ViewKey.of(1))).hasValueSatisfying((found) -> assertSameResult(found, stored));
		ResultCache reader = freshReader();
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(reader.get(ViewKey.of(1))).hasValueSatisfying((found) -> assertSameResult(found, stored)));
	}

	@Test
	void putReplacesTheWholeResult() {
		cache().put(ViewKey.of(2), result(2, 1, "first"));
		StoredResult stale = new StoredResult(ViewKey.of(2), 2, AS_OF, true, "QUERY_TIMEOUT",
				"second".getBytes(StandardCharsets.UTF_8));
		cache().put(ViewKey.of(2), stale);
		assertThat(cache().get(ViewKey.of(2))).hasValueSatisfying((found) -> assertSameResult(found, stale));
		ResultCache reader = freshReader();
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(reader.get(ViewKey.of(2))).hasValueSatisfying((found) -> assertSameResult(found, stale)));
	}

	@Test
	void removeForgetsTheResultOfThatPanelOnly() {
		cache().put(ViewKey.of(3), result(3, 1, "three"));
		cache().put(ViewKey.of(4), result(4, 1, "four"));
		cache().remove(ViewKey.of(3));
		assertThat(cache().get(ViewKey.of(3))).isEmpty();
		assertThat(cache().get(ViewKey.of(4))).isPresent();
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
			ResultCache reader = freshReader();
			assertThat(reader.get(ViewKey.of(3))).isEmpty();
			assertThat(reader.get(ViewKey.of(4))).isPresent();
		});
	}

	@Test
	void keepsEveryByteAndAPendingResultsMissingParts() {
		byte[] body = new byte[1024 + 3];
		for (int i = 0; i < 1024; i++) {
			body[i] = (byte) i;
		}
		// Not UTF-8: a cache that decodes text would damage it.
		body[1024] = (byte) 0xC3;
		body[1025] = (byte) 0x28;
		body[1026] = (byte) 0xFF;
		StoredResult pending = new StoredResult(ViewKey.of(5), 3, null, true, "QUERY_FAILED", body);
		cache().put(ViewKey.of(5), pending);
		ResultCache reader = freshReader();
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(reader.get(ViewKey.of(5))).hasValueSatisfying((found) -> {
				assertSameResult(found, pending);
				assertThat(found.pending()).isTrue();
			}));
	}

	@Test
	void readersDuringWritesSeeWholeResultsThatNeverGoBack() throws Exception {
		int versions = 2000;
		cache().put(ViewKey.of(6), result(6, 0, "version:0"));
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger reads = new AtomicInteger();
		int readerCount = 4;
		// Threads of their own (the common pool may have one on two cores), each reading before the writes start.
		ExecutorService threads = Executors.newFixedThreadPool(readerCount);
		CountDownLatch reading = new CountDownLatch(readerCount);
		List<CompletableFuture<Void>> readers = new ArrayList<>();
		for (int i = 0; i < readerCount; i++) {
			readers.add(CompletableFuture.runAsync(() -> {
				long last = -1;
				do {
					StoredResult found = cache().get(ViewKey.of(6)).orElseThrow();
					assertThat(new String(found.body(), StandardCharsets.UTF_8))
						.isEqualTo("version:" + found.resultVersion());
					assertThat(found.resultVersion()).isGreaterThanOrEqualTo(last);
					last = found.resultVersion();
					reads.incrementAndGet();
					reading.countDown();
				}
				while (writing.get());
			}, threads));
		}
		try {
			assertThat(reading.await(30, TimeUnit.SECONDS)).as("every reader reading").isTrue();
			for (int version = 1; version <= versions; version++) {
				cache().put(ViewKey.of(6), result(6, version, "version:" + version));
			}
			writing.set(false);
			CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		finally {
			writing.set(false);
			threads.shutdownNow();
		}
		assertThat(reads.get()).isGreaterThanOrEqualTo(readerCount);
		assertThat(cache().get(ViewKey.of(6))).hasValueSatisfying((found) -> assertThat(found.resultVersion()).isEqualTo(versions));
	}

	static void assertSameResult(StoredResult actual, StoredResult expected) {
		assertThat(actual.view()).isEqualTo(expected.view());
		assertThat(actual.resultVersion()).isEqualTo(expected.resultVersion());
		assertThat(actual.asOf()).isEqualTo(expected.asOf());
		assertThat(actual.stale()).isEqualTo(expected.stale());
		assertThat(actual.staleReason()).isEqualTo(expected.staleReason());
		assertThat(actual.body()).isEqualTo(expected.body());
		assertThat(actual.etag()).isEqualTo(expected.etag());
	}

}
