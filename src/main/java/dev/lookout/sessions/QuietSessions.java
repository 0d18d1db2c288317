package dev.lookout.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Writes a session back to Redis only when something in it changed, or when its stored
 * last-access time is {@link #TOUCH_INTERVAL} old. Spring Session's filter sets the last-access
 * time on every request, and {@link RedisSessionRepository#save} then costs three more round trips
 * (an existence check, the hash write, the expiry), so a signed-in read would pay four instead of
 * the one that loads the session. The price: a session may expire up to one interval before its
 * idle timeout counted from the user's very last request.
 */
final class QuietSessions<S extends Session> implements SessionRepository<QuietSessions.Tracked<S>> {

	/** How stale the stored last-access time may get: small beside any idle timeout (1 min or more). */
	static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private final SessionRepository<S> sessions;

	/** @param sessions Spring Session's {@link RedisSessionRepository} */
	QuietSessions(SessionRepository<S> sessions) {
		this.sessions = sessions;
	}

	@Override
	public Tracked<S> createSession() {
		return new Tracked<>(this.sessions.createSession(), null);
	}

	@Override
	public void save(Tracked<S> session) {
		if (session.needsWrite()) {
			this.sessions.save(session.session);
			session.written();
		}
	}

	@Override
	public Tracked<S> findById(String id) {
		S found = this.sessions.findById(id);
		return (found != null) ? new Tracked<>(found, found.getLastAccessedTime()) : null;
	}

	@Override
	public void deleteById(String id) {
		this.sessions.deleteById(id);
	}

	/** A session that remembers whether anything but its last-access time changed. */
	static final class Tracked<S extends Session> implements Session {

		private final S session;

		/** The last-access time Redis holds; {@code null} for a session never stored. */
		private Instant stored;

		private boolean changed;

		private Tracked(S session, Instant stored) {
			this.session = session;
			this.stored = stored;
		}

		private boolean needsWrite() {
			return this.changed || this.stored == null
					|| Duration.between(this.stored, this.session.getLastAccessedTime()).compareTo(TOUCH_INTERVAL) >= 0;
		}

		private void written() {
			this.changed = false;
			this.stored = this.session.getLastAccessedTime();
		}

		@Override
		public String getId() {
			return this.session.getId();
		}

		@Override
		public String changeSessionId() {
			this.changed = true;
			return this.session.changeSessionId();
		}

		@Override
		public <T> T getAttribute(String name) {
			return this.session.getAttribute(name);
		}

		@Override
		public Set<String> getAttributeNames() {
			return this.session.getAttributeNames();
		}

		@Override
		public void setAttribute(String name, Object value) {
			this.changed = true;
			this.session.setAttribute(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			this.changed = true;
			this.session.removeAttribute(name);
		}

		@Override
		public Instant getCreationTime() {
			return this.session.getCreationTime();
		}

		@Override
		public void setLastAccessedTime(Instant lastAccessedTime) {
			this.session.setLastAccessedTime(lastAccessedTime);
		}

		@Override
		public Instant getLastAccessedTime() {
			return this.session.getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			this.changed = true;
			this.session.setMaxInactiveInterval(interval);
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return this.session.getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return this.session.isExpired();
		}

	}

}
