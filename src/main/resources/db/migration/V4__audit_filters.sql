-- The audit log's filters (GET /api/audit, /admin/audit). Written in the SQL that PostgreSQL and H2
-- (in PostgreSQL mode) share. Each filter is followed by occurred_at, so that one index both finds
-- the rows and hands them over newest first for the page. Actions have too few distinct values for
-- an index of their own to beat the one on occurred_at.
CREATE INDEX audit_log_actor_idx ON audit_log (actor, occurred_at);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, occurred_at);
