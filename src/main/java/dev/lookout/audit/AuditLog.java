package dev.lookout.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends to the audit log in the caller's transaction, so a change and its record commit or
 * roll back together, and reads it back for admins. Details must never hold a secret; callers
 * pass what changed, not values of password fields.
 */
@Component
public class AuditLog {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public void record(String actor, String action, String subjectType, String subjectId, Map<String, ?> details) {
		record(this.clock.instant(), actor, action, subjectType, subjectId, details);
	}

	/** With the time it happened, for an entry written later than that ({@link AuditedEvents}). */
	public void record(Instant occurredAt, String actor, String action, String subjectType, String subjectId,
			Map<String, ?> details) {
		this.jdbc
			.sql("INSERT INTO audit_log (occurred_at, actor, action, subject_type, subject_id, details)"
					+ " VALUES (?, ?, ?, ?, ?, ?)")
			.params(Timestamp.from(occurredAt), actor, action, subjectType, subjectId,
					this.json.writeValueAsString(details))
			.update();
	}

	/** The newest entries first, at most {@code limit}. */
	public List<AuditEntry> recent(int limit) {
		return find(AuditQuery.newest(limit)).entries();
	}

	/**
	 * One page of the entries that match, newest first. Keyset paging on (occurred_at, id): a page
	 * stays the same while new entries arrive, and a deep page costs no more than the first.
	 */
	AuditPage find(AuditQuery query) {
		StringBuilder sql = new StringBuilder(
				"SELECT id, occurred_at, actor, action, subject_type, subject_id, details FROM audit_log WHERE 1 = 1");
		List<Object> params = new ArrayList<>();
		condition(sql, params, " AND actor = ?", query.actor());
		if (query.action() != null && query.actionIsPrefix()) {
			// The action's characters are checked (AuditQuery); only '_' is a LIKE wildcard among them.
			condition(sql, params, " AND action LIKE ? ESCAPE '\\'", query.action().replace("_", "\\_") + "%");
		}
		else {
			condition(sql, params, " AND action = ?", query.action());
		}
		condition(sql, params, " AND subject_type = ?", query.subjectType());
		condition(sql, params, " AND subject_id = ?", query.subjectId());
		condition(sql, params, " AND occurred_at >= ?", utc(query.from()));
		condition(sql, params, " AND occurred_at < ?", utc(query.to()));
		AuditCursor cursor = (query.before() != null) ? query.before() : query.after();
		boolean newer = query.after() != null;
		if (cursor != null) {
			String compare = newer ? ">" : "<";
			sql.append(" AND (occurred_at ").append(compare).append(" ? OR (occurred_at = ? AND id ")
				.append(compare).append(" ?))");
			params.add(utc(cursor.occurredAt()));
			params.add(utc(cursor.occurredAt()));
			params.add(cursor.id());
		}
		String direction = newer ? " ASC" : " DESC";
		sql.append(" ORDER BY occurred_at").append(direction).append(", id").append(direction).append(" LIMIT ?");
		// One more than asked tells whether there is a further page in that direction.
		params.add(query.limit() + 1);
		List<AuditEntry> rows = new ArrayList<>(this.jdbc.sql(sql.toString()).params(params).query(AuditLog::entry).list());
		boolean more = rows.size() > query.limit();
		if (more) {
			rows.remove(rows.size() - 1);
		}
		if (newer) {
			Collections.reverse(rows);
		}
		// A cursor names an entry that exists: there is always something on its other side.
		boolean older = newer ? !rows.isEmpty() : more;
		boolean newerExists = newer ? more : (cursor != null && !rows.isEmpty());
		return new AuditPage(rows, older ? AuditCursor.of(rows.get(rows.size() - 1)) : null,
				newerExists ? AuditCursor.of(rows.get(0)) : null);
	}

	private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
		if (value != null) {
			sql.append(clause);
			params.add(value);
		}
	}

	/** Bound as an offset date-time: both drivers map it to TIMESTAMP WITH TIME ZONE without the JVM's zone. */
	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
		return new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
				rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7));
	}

	/** One line of the audit log; {@code details} is a JSON document. */
	public record AuditEntry(long id, Instant occurredAt, String actor, String action, String subjectType,
			String subjectId, String details) {
	}

	/**
	 * A page of entries, newest first.
	 * @param older where the page after this one (older entries) starts; {@code null} on the last
	 * @param newer where the page before this one (newer entries) starts; {@code null} on the first
	 */
	record AuditPage(List<AuditEntry> entries, AuditCursor older, AuditCursor newer) {
	}

}
