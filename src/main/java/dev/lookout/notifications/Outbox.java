package dev.lookout.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox table ({@code notification_outbox}): rows are added in the caller's transaction and
 * claimed, marked and rescheduled by the delivery workers, each with one statement that holds only
 * while the row is in the state the worker saw, so that two instances never both own a valid claim.
 */
class Outbox {

	static final String PENDING = "PENDING";

	static final String DELIVERED = "DELIVERED";

	static final String DEAD = "DEAD";

	private static final Log logger = LogFactory.getLog(Outbox.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final int max;

	private final NotificationMeters meters;

	Outbox(JdbcClient jdbc, Clock clock, int max, NotificationMeters meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.max = max;
		this.meters = meters;
	}

	/**
	 * Adds a row, due now, in the caller's transaction; one already there for the same channel and
	 * key stays as it is (an insert that would fail on the unique key would abort a PostgreSQL
	 * transaction, the alert's).
	 * @return whether a row was added
	 */
	boolean add(long channelId, String key, String payload) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc
			.sql("INSERT INTO notification_outbox (idempotency_key, channel_id, payload, created_at, attempts,"
					+ " next_attempt_at, status) SELECT ?, ?, ?, ?, 0, ?, 'PENDING' FROM notification_channel c"
					+ " WHERE c.id = ? AND NOT EXISTS (SELECT 1 FROM notification_outbox o"
					+ " WHERE o.channel_id = ? AND o.idempotency_key = ?)")
			.params(key, channelId, payload, now, now, channelId, channelId, key)
			.update() == 1;
	}

	/**
	 * Keeps at most {@code NOTIFICATION_OUTBOX_MAX} pending rows: the oldest beyond are marked DEAD,
	 * counted as dropped and logged. In the caller's transaction.
	 */
	void bound() {
		long pending = pendingCount();
		if (pending <= this.max) {
			return;
		}
		int excess = (int) (pending - this.max);
		List<Row> oldest = this.jdbc
			.sql("SELECT o.id, o.channel_id, o.idempotency_key FROM notification_outbox o WHERE o.status = 'PENDING'"
					+ " ORDER BY o.id LIMIT ?")
			.param(excess)
			.query((row, number) -> new Row(row.getLong(1), row.getLong(2), row.getString(3)))
			.list();
		for (Row row : oldest) {
			if (this.jdbc.sql("UPDATE notification_outbox SET status = 'DEAD', last_error = ?, claimed_by = NULL,"
					+ " claimed_until = NULL WHERE id = ? AND status = 'PENDING'")
				.params("dropped: the outbox holds at most " + this.max + " pending notifications", row.id())
				.update() == 1) {
				this.meters.count(row.channelId(), "dropped");
			}
		}
		logger.warn("Notification outbox full (NOTIFICATION_OUTBOX_MAX=" + this.max + "): dropped the " + oldest.size()
				+ " oldest pending notification(s), marked DEAD");
	}

	long pendingCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM notification_outbox WHERE status = 'PENDING'")
			.query(Long.class)
			.single();
	}

	/** The pending rows of each channel that has some: at most {@code NOTIFICATION_OUTBOX_MAX} rows counted. */
	Map<Long, Long> pendingByChannel() {
		Map<Long, Long> pending = new HashMap<>();
		this.jdbc.sql("SELECT channel_id, COUNT(*) FROM notification_outbox WHERE status = 'PENDING' GROUP BY channel_id")
			.query((row) -> {
				pending.put(row.getLong(1), row.getLong(2));
			});
		return pending;
	}

	/** Pending rows due now and not validly claimed: candidates, each still to be claimed. */
	List<Candidate> due(int limit) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc
			.sql("SELECT id, channel_id FROM notification_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
					+ " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_attempt_at, id LIMIT ?")
			.params(now, now, limit)
			.query((row, number) -> new Candidate(row.getLong(1), row.getLong(2)))
			.list();
	}

	/**
	 * Claims the row until {@code until} if it is still pending, due and not validly claimed by
	 * anyone: one conditional UPDATE, which only one instance can win (the database serializes the
	 * writes of one row, and the loser's condition no longer holds).
	 */
	boolean claim(long id, String worker, Instant until) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc
			.sql("UPDATE notification_outbox SET claimed_by = ?, claimed_until = ? WHERE id = ? AND status = 'PENDING'"
					+ " AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)")
			.params(worker, Timestamp.from(until), id, now, now)
			.update() == 1;
	}

	Claimed read(long id) {
		return this.jdbc
			.sql("SELECT id, channel_id, idempotency_key, payload, attempts FROM notification_outbox WHERE id = ?")
			.param(id)
			.query((row, number) -> new Claimed(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
					row.getInt(5)))
			.single();
	}

	/**
	 * Marks the row delivered if it is still pending, whoever holds the claim now (a claim that expired
	 * while this delivery took long may have been taken again: the receiver dedupes by the key).
	 * @return whether this call marked it (once per row)
	 */
	boolean delivered(long id) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc
			.sql("UPDATE notification_outbox SET status = 'DELIVERED', delivered_at = ?, attempts = attempts + 1,"
					+ " claimed_by = NULL, claimed_until = NULL, last_error = NULL WHERE id = ? AND status = 'PENDING'")
			.params(now, id)
			.update() == 1;
	}

	/** A failed attempt: due again at {@code next} (counted), released, if this worker still holds the claim. */
	boolean retryAt(long id, String worker, Instant next, String error) {
		return this.jdbc
			.sql("UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,"
					+ " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status = 'PENDING' AND claimed_by = ?")
			.params(Timestamp.from(next), truncate(error), id, worker)
			.update() == 1;
	}

	/** Not attempted (the channel's breaker is open, or the channel is disabled): due again at {@code next}, not counted. */
	void postpone(long id, String worker, Instant next) {
		this.jdbc
			.sql("UPDATE notification_outbox SET next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL"
					+ " WHERE id = ? AND status = 'PENDING' AND claimed_by = ?")
			.params(Timestamp.from(next), id, worker)
			.update();
	}

	/** Given up: DEAD, with the reason. */
	boolean dead(long id, String worker, String error, boolean attempted) {
		return this.jdbc
			.sql("UPDATE notification_outbox SET status = 'DEAD', attempts = attempts + ?, last_error = ?,"
					+ " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status = 'PENDING' AND claimed_by = ?")
			.params(attempted ? 1 : 0, truncate(error), id, worker)
			.update() == 1;
	}

	private static String truncate(String error) {
		return (error == null || error.length() <= 1000) ? error : error.substring(0, 1000);
	}

	record Row(long id, long channelId, String key) {

	}

	record Candidate(long id, long channelId) {

	}

	record Claimed(long id, long channelId, String key, String payload, int attempts) {

	}

}
