package dev.lookout.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

/** When a copy of a session may be used: only while Redis reports changes, and never one read across a change. */
class SessionCopiesTest {

	private static final String PREFIX = "lookout:session:sessions:";

	private final SessionCopies copies = new SessionCopies(PREFIX);

	@Test
	void nothingIsKeptUntilRedisTracksTheKeys() {
		this.copies.keep(session("a"), this.copies.mark());
		assertThat(this.copies.get("a")).isNull();

		this.copies.tracking();
		this.copies.keep(session("a"), this.copies.mark());
		assertThat(this.copies.get("a")).isNotNull();
	}

	@Test
	void eachRequestGetsItsOwnCopy() {
		this.copies.tracking();
		this.copies.keep(session("a"), this.copies.mark());
		MapSession first = this.copies.get("a");
		first.setAttribute("changed", true);
		assertThat(this.copies.get("a").<Boolean>getAttribute("changed")).isNull();
	}

	@Test
	void aReportedChangeDropsTheCopyAndOnlyItsOwn() {
		this.copies.tracking();
		this.copies.keep(session("a"), this.copies.mark());
		this.copies.keep(session("b"), this.copies.mark());
		this.copies.changed(List.of(PREFIX + "a", "some:other:key"));
		assertThat(this.copies.get("a")).isNull();
		assertThat(this.copies.get("b")).isNotNull();
		this.copies.changed(null);
		assertThat(this.copies.get("b")).isNull();
	}

	@Test
	void aSessionReadWhileAChangeWasReportedIsNotKept() {
		this.copies.tracking();
		long mark = this.copies.mark();
		// The change may be to this very session, after the read began: what was read may be older.
		this.copies.changed(List.of(PREFIX + "somebody-else"));
		this.copies.keep(session("a"), mark);
		assertThat(this.copies.get("a")).isNull();
	}

	@Test
	void aLostTrackingDropsEveryCopyAndKeepsNoneUntilRenewed() {
		this.copies.tracking();
		this.copies.keep(session("a"), this.copies.mark());
		this.copies.lost();
		assertThat(this.copies.get("a")).isNull();
		this.copies.keep(session("a"), this.copies.mark());
		assertThat(this.copies.size()).isZero();
	}

	@Test
	void anExpiredCopyIsNotUsed() {
		this.copies.tracking();
		MapSession old = session("a");
		old.setLastAccessedTime(Instant.now().minus(Duration.ofHours(1)));
		this.copies.keep(old, this.copies.mark());
		assertThat(this.copies.get("a")).isNull();
	}

	private static MapSession session(String id) {
		MapSession session = new MapSession(id);
		session.setMaxInactiveInterval(Duration.ofMinutes(30));
		return session;
	}

}
