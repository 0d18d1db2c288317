package dev.lookout.redis;

import java.util.List;

/**
 * What Redis tells the owner of a key tracking ({@link SharedRedis#track}): from when on it reports
 * every change to the keys under a prefix, which keys changed, and when reports may have been missed.
 * Called on Lettuce's threads: each method must return at once.
 */
public interface KeyInvalidations {

	/** From now on every change to a key under the prefix (a write, a delete, an expiry) is reported. */
	void tracking();

	/** These keys changed; {@code null} when Redis dropped every key (a flush). */
	void changed(List<String> keys);

	/** Changes may go unreported from now on (the connection was lost or replaced), until {@link #tracking()}. */
	void lost();

}
