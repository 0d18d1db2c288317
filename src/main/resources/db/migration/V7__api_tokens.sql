-- API tokens (Authorization: Bearer lk_<id>_<secret>). Written in the SQL that PostgreSQL and H2
-- (in PostgreSQL mode) share. The secret itself is never stored: only its SHA-256.
CREATE TABLE api_token (
	-- The public id, the <id> of the token; it names the token in the audit log and the request log.
	id VARCHAR(32) PRIMARY KEY,
	name VARCHAR(100) NOT NULL,
	-- The user name of who created it; the token acts in their name, with its own role.
	owner VARCHAR(255) NOT NULL,
	role VARCHAR(20) NOT NULL,
	-- The owner's directory groups when the token was created, a JSON array kept as text.
	owner_groups TEXT NOT NULL,
	-- Hex SHA-256 of the secret.
	secret_hash VARCHAR(64) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	-- NULL: never expires.
	expires_at TIMESTAMP WITH TIME ZONE,
	-- Written behind the requests, at most once a minute per token.
	last_used_at TIMESTAMP WITH TIME ZONE,
	last_used_address VARCHAR(64),
	revoked_at TIMESTAMP WITH TIME ZONE,
	revoked_by VARCHAR(255),
	CONSTRAINT api_token_role_check CHECK (role IN ('VIEWER', 'EDITOR', 'ADMIN'))
);

CREATE INDEX api_token_owner_idx ON api_token (owner);
