package dev.lookout.tokens;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.lookout.security.Role;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_token} table. */
@Repository
class ApiTokens {

	/** A row with the hash of its secret, which only the verifier reads. */
	record Stored(ApiToken token, String secretHash) {

		@Override
		public String toString() {
			return "Stored[" + this.token + "]";
		}

	}

	private static final String COLUMNS = "id, name, owner, role, owner_groups, secret_hash, created_at, expires_at,"
			+ " last_used_at, last_used_address, revoked_at, revoked_by";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	ApiTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ApiToken token, String secretHash) {
		this.jdbc
			.sql("INSERT INTO api_token (id, name, owner, role, owner_groups, secret_hash, created_at, expires_at)"
					+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(token.id(), token.name(), token.owner(), token.role().name(),
					json.writeValueAsString(token.groups()), secretHash, utc(token.createdAt()), utc(token.expiresAt()))
			.update();
	}

	Optional<Stored> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE id = ?")
			.param(id)
			.query(ApiTokens::row)
			.optional();
	}

	List<ApiToken> ownedBy(String owner) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE owner = ? ORDER BY created_at DESC, id")
			.param(owner)
			.query(ApiTokens::row)
			.list()
			.stream()
			.map(Stored::token)
			.toList();
	}

	List<ApiToken> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM api_token ORDER BY created_at DESC, id")
			.query(ApiTokens::row)
			.list()
			.stream()
			.map(Stored::token)
			.toList();
	}

	/** Marks it revoked unless it already is; whether this call did. */
	boolean revoke(String id, String by, Instant at) {
		return this.jdbc.sql("UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
			.params(utc(at), by, id)
			.update() == 1;
	}

	void used(String id, Instant at, String address) {
		this.jdbc.sql("UPDATE api_token SET last_used_at = ?, last_used_address = ? WHERE id = ?")
			.params(utc(at), address, id)
			.update();
	}

	private static Stored row(ResultSet rs, int row) throws SQLException {
		Set<String> groups = new LinkedHashSet<>(
				json.readValue(rs.getString("owner_groups"), new TypeReference<List<String>>() {
				}));
		ApiToken token = new ApiToken(rs.getString("id"), rs.getString("name"), rs.getString("owner"),
				Role.valueOf(rs.getString("role")), Set.copyOf(groups), instant(rs, "created_at"),
				instant(rs, "expires_at"), instant(rs, "last_used_at"), rs.getString("last_used_address"),
				instant(rs, "revoked_at"), rs.getString("revoked_by"));
		return new Stored(token, rs.getString("secret_hash"));
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
