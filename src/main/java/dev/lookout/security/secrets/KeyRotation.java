package dev.lookout.security.secrets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.lookout.security.secrets.KeyRotationStatus.State;
import dev.lookout.security.secrets.SealedValues.SealedValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionOperations;

/**
 * Ends a key rotation: seals every stored value that is not under {@code SECRET_KEY} again with
 * it, so that {@code SECRET_KEY_PREVIOUS} can be removed. It runs once per start of the
 * application (after it is ready) and again after each controlled reload, on a thread of its own
 * that the shutdown registry stops. Idempotent, and safe with several instances at once: each
 * value is replaced only if it is still what was read ({@link SealedValues#replace}). A value that
 * opens with neither key is never changed, only reported.
 */
public class KeyRotation {

	/** The shutdown hook's name, and the thread's (prefixed). */
	public static final String NAME = "key-rotation";

	/**
	 * Values per transaction: each batch holds its row locks for a few milliseconds of crypto,
	 * so an admin's edit never waits long, and a failure or a stop loses at most one batch's work.
	 */
	static final int BATCH_SIZE = 20;

	private static final Log logger = LogFactory.getLog(KeyRotation.class);

	private final SecretCipher cipher;

	private final List<SealedValues> owners;

	private final TransactionOperations transactions;

	private final boolean previousKeySet;

	private final Clock clock;

	private final Object lock = new Object();

	/** The running rotation's thread; guarded by {@link #lock}. */
	private Thread thread;

	private volatile KeyRotationStatus status;

	/**
	 * @param owners the modules that store sealed values
	 * @param transactions one transaction per batch
	 * @param previousKeySet whether {@code SECRET_KEY_PREVIOUS} is set, for the status
	 */
	public KeyRotation(SecretCipher cipher, List<SealedValues> owners, TransactionOperations transactions,
			boolean previousKeySet, Clock clock) {
		this.cipher = cipher;
		this.owners = List.copyOf(owners);
		this.transactions = transactions;
		this.previousKeySet = previousKeySet;
		this.clock = clock;
		this.status = KeyRotationStatus.notRun(previousKeySet);
	}

	/** Starts a run in the background, unless one is running. */
	public void start() {
		synchronized (this.lock) {
			if (this.thread != null && this.thread.isAlive()) {
				return;
			}
			this.thread = new Thread(this::run, "lookout-" + NAME);
			this.thread.setDaemon(true);
			this.thread.start();
		}
	}

	/** Stops a running run between two batches and waits for its thread to end (the registry bounds the wait). */
	public void stop() throws InterruptedException {
		Thread running;
		synchronized (this.lock) {
			running = this.thread;
			this.thread = null;
		}
		if (running != null) {
			running.interrupt();
			running.join();
		}
	}

	public KeyRotationStatus status() {
		return this.status;
	}

	/** One run on the caller's thread; the status says how it went, and so does one log line. */
	KeyRotationStatus run() {
		Tally tally = new Tally(this.clock.instant());
		this.status = tally.status(State.RUNNING, null, 0, null);
		KeyRotationStatus finished;
		try {
			for (SealedValues owner : this.owners) {
				List<SealedValue> values = owner.list();
				for (int from = 0; from < values.size(); from += BATCH_SIZE) {
					if (Thread.currentThread().isInterrupted()) {
						throw new InterruptedException();
					}
					List<SealedValue> batch = values.subList(from, Math.min(values.size(), from + BATCH_SIZE));
					// Counted once the batch committed: a rolled-back batch re-sealed nothing.
					Tally outcome = this.transactions.execute((transaction) -> reseal(owner, batch));
					tally.add(outcome);
					this.status = tally.status(State.RUNNING, null, 0, null);
				}
			}
			finished = tally.status(State.FINISHED, this.clock.instant(), stillNeedingPreviousKey(tally), null);
		}
		catch (InterruptedException ex) {
			finished = tally.status(State.STOPPED, this.clock.instant(), 0, "stopped by a shutdown or reload");
		}
		catch (RuntimeException ex) {
			State state = Thread.currentThread().isInterrupted() ? State.STOPPED : State.FAILED;
			finished = tally.status(state, this.clock.instant(), 0, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		this.status = finished;
		if (finished.warnings().isEmpty()) {
			logger.info(finished.summary());
		}
		else {
			logger.warn(finished.summary());
		}
		return finished;
	}

	private Tally reseal(SealedValues owner, List<SealedValue> batch) {
		Tally outcome = new Tally(null);
		for (SealedValue value : batch) {
			try {
				if (this.cipher.sealedWith(value.sealed()) == SecretCipher.SealedWith.CURRENT_KEY) {
					// Opened all the same, so that a value that was altered is reported too.
					this.cipher.open(value.sealed(), value.context());
					outcome.alreadyCurrent++;
				}
				else if (owner.replace(value, this.cipher.reseal(value.sealed(), value.context()))) {
					outcome.resealed++;
				}
				else {
					outcome.changedMeanwhile++;
				}
			}
			catch (SecretNotOpened ex) {
				outcome.unopenable.add(value);
			}
		}
		return outcome;
	}

	/**
	 * Read again after the run rather than counted during it: a value changed meanwhile may have
	 * been sealed by an instance that still seals with the previous key.
	 */
	private int stillNeedingPreviousKey(Tally tally) {
		Set<String> unopenable = new HashSet<>();
		tally.unopenable.forEach((value) -> unopenable.add(value.context()));
		int count = 0;
		for (SealedValues owner : this.owners) {
			for (SealedValue value : owner.list()) {
				if (this.cipher.sealedWith(value.sealed()) == SecretCipher.SealedWith.PREVIOUS_KEY
						&& !unopenable.contains(value.context())) {
					count++;
				}
			}
		}
		return count;
	}

	/** The counts of a run, or of one batch. */
	private final class Tally {

		private final Instant startedAt;

		private int resealed;

		private int alreadyCurrent;

		private int changedMeanwhile;

		private final List<SealedValue> unopenable = new ArrayList<>();

		Tally(Instant startedAt) {
			this.startedAt = startedAt;
		}

		void add(Tally batch) {
			this.resealed += batch.resealed;
			this.alreadyCurrent += batch.alreadyCurrent;
			this.changedMeanwhile += batch.changedMeanwhile;
			this.unopenable.addAll(batch.unopenable);
		}

		KeyRotationStatus status(State state, Instant finishedAt, int stillNeedingPreviousKey, String failure) {
			return new KeyRotationStatus(state, this.startedAt, finishedAt, this.resealed, this.alreadyCurrent,
					this.changedMeanwhile, this.unopenable.stream().map(SealedValue::description).toList(),
					stillNeedingPreviousKey, KeyRotation.this.previousKeySet, failure);
		}

	}

}
