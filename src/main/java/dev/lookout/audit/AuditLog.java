package dev.lookout.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends to the audit log in the caller's transaction, so a change and its record commit or
 * roll back together. Details must never hold a secret; callers pass what changed, not values
 * of password fields.
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
		this.jdbc
			.sql("INSERT INTO audit_log (occurred_at, actor, action, subject_type, subject_id, details)"
					+ " VALUES (?, ?, ?, ?, ?, ?)")
			.params(Timestamp.from(this.clock.instant()), actor, action, subjectType, subjectId,
					this.json.writeValueAsString(details))
			.update();
	}

	/** The newest entries first, at most {@code limit}. */
	public List<AuditEntry> recent(int limit) {
		return this.jdbc
			.sql("SELECT occurred_at, actor, action, subject_type, subject_id, details FROM audit_log"
					+ " ORDER BY occurred_at DESC, id DESC LIMIT ?")
			.param(limit)
			.query((rs, row) -> new AuditEntry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
					rs.getString(4), rs.getString(5), rs.getString(6)))
			.list();
	}

	/** One line of the audit log; {@code details} is a JSON document. */
	public record AuditEntry(Instant occurredAt, String actor, String action, String subjectType, String subjectId,
			String details) {
	}

}
