package dev.lookout.security.secrets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lookout.security.secrets.KeyRotationStatus.State;
import dev.lookout.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The rotation job against values kept in memory; the datasource module's own are tested on real databases. */
class KeyRotationTest {

	private static final String OLD_KEY = "tG7vQ2xLr9WmZ4kPb8NcY1hJd6FsA3eU0oVqRiXnKyTw";

	private static final String NEW_KEY = "Hq3Zp8LmV1xR6nTb0WcK5yJf9DsG2uEa7oYiQvNrXkBl";

	private static final String LOST_KEY = "Wd4Rk9TnB2yX7qLv0HsM5cJe8ZpF1gUa3oKiYtNxQwEr";

	private final SecretCipher before = new SecretCipher(OLD_KEY, Optional.empty());

	private final SecretCipher rotated = new SecretCipher(NEW_KEY, Optional.of(OLD_KEY));

	private final StoredValues stored = new StoredValues();

	private final CountingTransactions transactions = new CountingTransactions();

	@Test
	void reSealsEveryValueUnderThePreviousKeySoItCanBeRemoved() {
		this.stored.put("1", this.before.seal("one", "ctx:1"));
		this.stored.put("2", this.rotated.seal("two", "ctx:2"));

		KeyRotationStatus status = rotation(this.rotated, true).run();

		assertThat(status.state()).isEqualTo(State.FINISHED);
		assertThat(status.resealed()).isEqualTo(1);
		assertThat(status.alreadyCurrent()).isEqualTo(1);
		assertThat(status.stillNeedingPreviousKey()).isZero();
		assertThat(status.previousKeyCanBeRemoved()).isTrue();
		assertThat(status.advice()).hasValueSatisfying((advice) -> assertThat(advice).contains("can now be removed"));
		assertThat(status.warnings()).isEmpty();
		SecretCipher newKeyOnly = new SecretCipher(NEW_KEY, Optional.empty());
		assertThat(newKeyOnly.open(this.stored.get("1"), "ctx:1")).isEqualTo("one");
		assertThat(newKeyOnly.open(this.stored.get("2"), "ctx:2")).isEqualTo("two");
	}

	@Test
	void aSecondRunFindsEverythingCurrentAndChangesNothing() {
		this.stored.put("1", this.before.seal("one", "ctx:1"));
		rotation(this.rotated, true).run();
		String afterFirst = this.stored.get("1");

		KeyRotationStatus again = rotation(this.rotated, true).run();

		assertThat(again.resealed()).isZero();
		assertThat(again.alreadyCurrent()).isEqualTo(1);
		assertThat(this.stored.get("1")).isEqualTo(afterFirst);
	}

	@Test
	void valuesThatOpenWithNeitherKeyAreNeverChangedAndAreNamedInAWarning() {
		String lost = new SecretCipher(LOST_KEY, Optional.empty()).seal("lost", "ctx:1");
		this.stored.put("1", lost);
		this.stored.put("2", this.before.seal("two", "ctx:2"));

		KeyRotationStatus status = rotation(this.rotated, true).run();

		assertThat(this.stored.get("1")).isEqualTo(lost);
		assertThat(status.resealed()).isEqualTo(1);
		assertThat(status.unopenable()).containsExactly("value 1");
		assertThat(status.previousKeyCanBeRemoved()).isFalse();
		assertThat(status.warnings()).singleElement()
			.satisfies((warning) -> assertThat(warning).contains("neither SECRET_KEY nor SECRET_KEY_PREVIOUS", "value 1"));
		assertThat(status.summary()).contains("re-sealed 1", "could not be opened 1 (value 1)");
	}

	@Test
	void aValueChangedBetweenReadAndReplaceIsNotOverwritten() {
		this.stored.put("1", this.before.seal("old password", "ctx:1"));
		String edited = this.rotated.seal("new password", "ctx:1");
		this.stored.beforeReplace = () -> this.stored.put("1", edited);

		KeyRotationStatus status = rotation(this.rotated, true).run();

		assertThat(this.stored.get("1")).isEqualTo(edited);
		assertThat(status.resealed()).isZero();
		assertThat(status.changedMeanwhile()).isEqualTo(1);
		// The edit left it under the current key: nothing needs the previous one.
		assertThat(status.previousKeyCanBeRemoved()).isTrue();
	}

	@Test
	void aValueAnotherInstanceSealedWithThePreviousKeyMeanwhileKeepsThePreviousKeyNeeded() {
		this.stored.put("1", this.before.seal("old password", "ctx:1"));
		String byAnOldInstance = this.before.seal("new password", "ctx:1");
		this.stored.beforeReplace = () -> this.stored.put("1", byAnOldInstance);

		KeyRotationStatus status = rotation(this.rotated, true).run();

		assertThat(this.stored.get("1")).isEqualTo(byAnOldInstance);
		assertThat(status.stillNeedingPreviousKey()).isEqualTo(1);
		assertThat(status.previousKeyCanBeRemoved()).isFalse();
		assertThat(status.warnings()).singleElement()
			.satisfies((warning) -> assertThat(warning).contains("still need SECRET_KEY_PREVIOUS"));
	}

	@Test
	void worksInSmallBatchesEachInATransactionOfItsOwn() {
		int values = KeyRotation.BATCH_SIZE * 2 + 1;
		for (int i = 0; i < values; i++) {
			this.stored.put(String.valueOf(i), this.before.seal("p" + i, "ctx:" + i));
		}

		KeyRotationStatus status = rotation(this.rotated, true).run();

		assertThat(status.resealed()).isEqualTo(values);
		assertThat(this.transactions.count).hasValue(3);
	}

	@Test
	void withoutAPreviousKeyThereIsNothingToRemoveAndNoAdvice() {
		this.stored.put("1", this.rotated.seal("one", "ctx:1"));

		KeyRotationStatus status = rotation(new SecretCipher(NEW_KEY, Optional.empty()), false).run();

		assertThat(status.alreadyCurrent()).isEqualTo(1);
		assertThat(status.previousKeyCanBeRemoved()).isFalse();
		assertThat(status.advice()).isEmpty();
		assertThat(status.warnings()).isEmpty();
	}

	@Test
	void startsInTheBackgroundAndStopEndsARunThatIsUnderWay() throws Exception {
		CountDownLatch listing = new CountDownLatch(1);
		SealedValues hanging = new SealedValues() {

			@Override
			public List<SealedValue> list() {
				listing.countDown();
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while listing");
				}
				return List.of();
			}

			@Override
			public boolean replace(SealedValue value, String resealed) {
				return false;
			}

		};
		KeyRotation rotation = new KeyRotation(this.rotated, List.of(hanging), this.transactions, true,
				new MutableClock());
		assertThat(rotation.status().state()).isEqualTo(State.NOT_RUN);

		rotation.start();
		listing.await();
		assertThat(rotation.status().state()).isEqualTo(State.RUNNING);
		rotation.stop();

		assertThat(rotation.status().state()).isEqualTo(State.STOPPED);
		assertThat(rotation.status().warnings()).singleElement()
			.satisfies((warning) -> assertThat(warning).contains("did not finish"));
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
				(thread) -> thread.getName().equals("lookout-" + KeyRotation.NAME));
	}

	@Test
	void aReloadStopsAndStartsItAndItRunsAgain() throws Exception {
		this.stored.put("1", this.before.seal("one", "ctx:1"));
		KeyRotation rotation = rotation(this.rotated, true);

		rotation.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> rotation.status().state() == State.FINISHED);
		this.stored.put("2", this.before.seal("two", "ctx:2"));
		rotation.stop();
		rotation.start();

		await().atMost(Duration.ofSeconds(5))
			.until(() -> rotation.status().state() == State.FINISHED && rotation.status().resealed() == 1
					&& rotation.status().alreadyCurrent() == 1);
	}

	private KeyRotation rotation(SecretCipher cipher, boolean previousKeySet) {
		return new KeyRotation(cipher, List.of(this.stored), this.transactions, previousKeySet, new MutableClock());
	}

	/** Values in memory, replaced with the same compare and set as a database's UPDATE ... WHERE. */
	private static final class StoredValues implements SealedValues {

		private final Map<String, String> values = new LinkedHashMap<>();

		/** Runs once before the next replace: somebody else's write between read and replace. */
		Runnable beforeReplace = () -> {
		};

		synchronized void put(String id, String sealed) {
			this.values.put(id, sealed);
		}

		synchronized String get(String id) {
			return this.values.get(id);
		}

		@Override
		public synchronized List<SealedValue> list() {
			List<SealedValue> list = new ArrayList<>();
			this.values.forEach((id, sealed) -> list.add(new SealedValue(id, "value " + id, "ctx:" + id, sealed)));
			return list;
		}

		@Override
		public synchronized boolean replace(SealedValue value, String resealed) {
			Runnable meanwhile = this.beforeReplace;
			this.beforeReplace = () -> {
			};
			meanwhile.run();
			if (!value.sealed().equals(this.values.get(value.id()))) {
				return false;
			}
			this.values.put(value.id(), resealed);
			return true;
		}

	}

	/** No real transaction: counts how many the rotation asked for. */
	private static final class CountingTransactions implements TransactionOperations {

		final AtomicInteger count = new AtomicInteger();

		@Override
		public <T> T execute(TransactionCallback<T> action) {
			this.count.incrementAndGet();
			return TransactionOperations.withoutTransaction().execute(action);
		}

	}

}
