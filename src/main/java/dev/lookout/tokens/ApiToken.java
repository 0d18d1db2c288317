package dev.lookout.tokens;

import java.time.Instant;
import java.util.Set;

import dev.lookout.security.Role;

/**
 * A token as its owner and admins see it: never its secret nor its hash.
 * @param groups the owner's directory groups when the token was created; the token keeps them
 */
public record ApiToken(String id, String name, String owner, Role role, Set<String> groups, Instant createdAt,
		Instant expiresAt, Instant lastUsedAt, String lastUsedAddress, Instant revokedAt, String revokedBy) {

	public enum State {

		ACTIVE, EXPIRED, REVOKED

	}

	public State state(Instant now) {
		if (this.revokedAt != null) {
			return State.REVOKED;
		}
		if (this.expiresAt != null && !now.isBefore(this.expiresAt)) {
			return State.EXPIRED;
		}
		return State.ACTIVE;
	}

}
