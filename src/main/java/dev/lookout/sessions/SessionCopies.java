package dev.lookout.sessions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.lookout.redis.KeyInvalidations;

import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * Copies of the sessions read from Redis, kept true by Redis's key tracking, so that a signed-in
 * request whose session nobody changed costs no round trip: each change to a session's key, on any
 * instance (a sign-in, a sign-out, a new attribute, the once-a-minute touch, an expiry), drops its
 * copy before the next request can use it. Used only while Redis reports changes; while it may not
 * (connection lost, tracking not yet renewed), every read goes to Redis. Spring Session keeps no
 * such copy, and Lettuce's own client-side cache holds plain values, not hashes: hence this class.
 */
final class SessionCopies implements KeyInvalidations {

	/** Enough for every active user of a large deployment; beyond it, sessions are read from Redis each time. */
	static final int MAX_COPIES = 10_000;

	private final String keyPrefix;

	private final Map<String, MapSession> copies = new ConcurrentHashMap<>();

	/** Counts every report (and every loss): a read that saw it change may have read an older session. */
	private final AtomicLong reports = new AtomicLong();

	private volatile boolean tracking;

	/** @param keyPrefix what precedes a session's id in its key */
	SessionCopies(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	/** A copy of session {@code id} to use for this request, or {@code null} to read it from Redis. */
	MapSession get(String id) {
		if (!this.tracking) {
			return null;
		}
		MapSession kept = this.copies.get(id);
		return (kept != null && !kept.isExpired()) ? new MapSession(kept) : null;
	}

	/** To call before reading a session from Redis, and to pass to {@link #keep}. */
	long mark() {
		return this.reports.get();
	}

	/**
	 * Keeps a copy of {@code session}, just read from Redis after {@code mark}, unless a change was
	 * reported since: the session read may then be the older one.
	 */
	void keep(Session session, long mark) {
		if (!this.tracking || this.copies.size() >= MAX_COPIES) {
			return;
		}
		this.copies.put(session.getId(), new MapSession(session));
		// Checked after the put: a report that comes before it is seen here, one after it drops the copy.
		if (this.reports.get() != mark || !this.tracking) {
			this.copies.remove(session.getId());
		}
	}

	/** This instance changed or deleted session {@code id}: its copy goes now, before Redis reports it. */
	void forget(String id) {
		this.reports.incrementAndGet();
		this.copies.remove(id);
	}

	int size() {
		return this.copies.size();
	}

	@Override
	public void tracking() {
		this.reports.incrementAndGet();
		this.copies.clear();
		this.tracking = true;
	}

	@Override
	public void changed(List<String> keys) {
		this.reports.incrementAndGet();
		if (keys == null) {
			this.copies.clear();
			return;
		}
		for (String key : keys) {
			if (key.startsWith(this.keyPrefix)) {
				this.copies.remove(key.substring(this.keyPrefix.length()));
			}
		}
	}

	@Override
	public void lost() {
		this.tracking = false;
		this.reports.incrementAndGet();
		this.copies.clear();
	}

}
