package dev.lookout.dashboards;

import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * How instances share the definitions: a notice of each new version, and the latest snapshot for
 * an instance that starts while the application database is down. Redis when it is set; alone,
 * there is nobody to tell and nowhere to keep one.
 */
interface DefinitionsShare {

	DefinitionsShare ALONE = new DefinitionsShare() {
		@Override
		public void announce(long version) {
		}

		@Override
		public void listen(LongConsumer versions) {
		}

		@Override
		public boolean store(DefinitionsSnapshot.Stored snapshot) {
			return true;
		}

		@Override
		public Optional<DefinitionsSnapshot.Stored> latest() {
			return Optional.empty();
		}

		@Override
		public String describe() {
			return "none (no REDIS_URL)";
		}
	};

	/** Tells the other instances that the definitions have {@code version} now; lost if nobody can hear it. */
	void announce(long version);

	/** Hands every version another instance announces to {@code versions}, on a thread that must not block. */
	void listen(LongConsumer versions);

	/**
	 * Keeps the snapshot unless a newer one is kept already; waits at most the store's command timeout.
	 * @return whether the store holds this version or a newer one now
	 */
	boolean store(DefinitionsSnapshot.Stored snapshot);

	/** The newest snapshot kept, if the store answers in time and has one. */
	Optional<DefinitionsSnapshot.Stored> latest();

	/** Where snapshots are kept, for the health details. */
	String describe();

}
