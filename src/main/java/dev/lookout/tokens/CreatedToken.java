package dev.lookout.tokens;

import java.time.Instant;
import java.util.Set;

import dev.lookout.security.Role;

/** The answer to a creation: the token, and the only time its text ({@code lk_<id>_<secret>}) is shown. */
record CreatedToken(String id, String name, String owner, Role role, Set<String> groups, Instant createdAt,
		Instant expiresAt, String token) {

	static CreatedToken of(ApiToken created, String text) {
		return new CreatedToken(created.id(), created.name(), created.owner(), created.role(), created.groups(),
				created.createdAt(), created.expiresAt(), text);
	}

	@Override
	public String toString() {
		return "CreatedToken[id=" + this.id + ", token=(hidden)]";
	}

}
