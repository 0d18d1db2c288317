package dev.lookout.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Reads a session from Redis only when no true copy is held ({@link SessionCopies}), and writes it
 * back only when something in it changed, or when its stored last-access time is
 * {@link #TOUCH_INTERVAL} old. A request served from a copy that then changes the session loads it
 * from Redis first and changes that. Spring Session's filter sets the last-access
 * time on every request, and {@link RedisSessionRepository#save} then costs three more round trips
 * (an existence check, the hash write, the expiry), so a signed-in read would pay four instead of
 * the one that loads the session. The price: a session may expire up to one interval before its
 * idle timeout counted from the user's very last request.
 */
final class QuietSessions<S extends Session> implements SessionRepository<QuietSessions.Tracked<S>> {

	/** How stale the stored last-access time may get: small beside any idle timeout (1 min or more). */
	static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private final SessionRepository<S> sessions;

	private final SessionCopies copies;

	/** @param sessions Spring Session's {@link RedisSessionRepository} */
	QuietSessions(SessionRepository<S> sessions, SessionCopies copies) {
		this.sessions = sessions;
		this.copies = copies;
	}

	@Override
	public Tracked<S> createSession() {
		return new Tracked<>(this.sessions::findById, this.sessions.createSession(), null, null);
	}

	@Override
	public void save(Tracked<S> session) {
		if (!session.needsWrite()) {
			return;
		}
		String loadedAs = session.loadedId;
		S stored = session.materialize();
		if (stored == null) {
			// Deleted or expired in Redis since this request read its copy: nothing left to write to.
			return;
		}
		this.sessions.save(stored);
		if (loadedAs != null) {
			this.copies.forget(loadedAs);
		}
		this.copies.forget(stored.getId());
		session.written();
	}

	@Override
	public Tracked<S> findById(String id) {
		MapSession copy = this.copies.get(id);
		if (copy != null) {
			return new Tracked<>(this.sessions::findById, null, copy, copy.getLastAccessedTime());
		}
		long mark = this.copies.mark();
		S found = this.sessions.findById(id);
		if (found == null) {
			return null;
		}
		this.copies.keep(found, mark);
		return new Tracked<>(this.sessions::findById, found, null, found.getLastAccessedTime());
	}

	@Override
	public void deleteById(String id) {
		this.sessions.deleteById(id);
		this.copies.forget(id);
	}

	/**
	 * A session that remembers whether anything but its last-access time changed: the one read
	 * from Redis, or a copy, which the first change replaces with the one in Redis.
	 */
	static final class Tracked<S extends Session> implements Session {

		private final Function<String, S> load;

		/** The session as Spring Session's repository read it; {@code null} while this is a copy. */
		private S stored;

		/** A copy of it, for reading; {@code null} once {@link #stored} is loaded. */
		private MapSession copy;

		/** The id it was read by, to forget its copy when it is written under a new id. */
		private final String loadedId;

		/** The last-access time Redis holds; {@code null} for a session never stored. */
		private Instant storedAccess;

		private boolean changed;

		private Tracked(Function<String, S> load, S stored, MapSession copy, Instant storedAccess) {
			this.load = load;
			this.stored = stored;
			this.copy = copy;
			this.storedAccess = storedAccess;
			this.loadedId = (storedAccess != null) ? current().getId() : null;
		}

		private Session current() {
			return (this.stored != null) ? this.stored : this.copy;
		}

		/**
		 * The session in Redis, loaded now if this is a copy, with this request's last-access time;
		 * {@code null} when it is gone from Redis (the copy then takes what follows, and it is lost).
		 */
		private S materialize() {
			if (this.stored == null && this.copy != null) {
				S loaded = this.load.apply(this.copy.getId());
				if (loaded == null) {
					return null;
				}
				loaded.setLastAccessedTime(this.copy.getLastAccessedTime());
				this.stored = loaded;
				this.copy = null;
			}
			return this.stored;
		}

		private boolean needsWrite() {
			return this.changed || this.storedAccess == null
					|| Duration.between(this.storedAccess, getLastAccessedTime()).compareTo(TOUCH_INTERVAL) >= 0;
		}

		private void written() {
			this.changed = false;
			this.storedAccess = getLastAccessedTime();
		}

		/** Where a change goes: the session in Redis, loaded first if this is a copy. */
		private Session changing() {
			this.changed = true;
			S loaded = materialize();
			return (loaded != null) ? loaded : current();
		}

		@Override
		public String getId() {
			return current().getId();
		}

		@Override
		public String changeSessionId() {
			return changing().changeSessionId();
		}

		@Override
		public <T> T getAttribute(String name) {
			return current().getAttribute(name);
		}

		@Override
		public Set<String> getAttributeNames() {
			return current().getAttributeNames();
		}

		@Override
		public void setAttribute(String name, Object value) {
			changing().setAttribute(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			changing().removeAttribute(name);
		}

		@Override
		public Instant getCreationTime() {
			return current().getCreationTime();
		}

		@Override
		public void setLastAccessedTime(Instant lastAccessedTime) {
			current().setLastAccessedTime(lastAccessedTime);
		}

		@Override
		public Instant getLastAccessedTime() {
			return current().getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			changing().setMaxInactiveInterval(interval);
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return current().getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return current().isExpired();
		}

	}

}
