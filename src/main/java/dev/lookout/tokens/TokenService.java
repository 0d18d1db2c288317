package dev.lookout.tokens;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.audit.AuditLog;
import dev.lookout.security.Groups;
import dev.lookout.security.Role;
import dev.lookout.security.TokenAuthentication;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Creates, lists and revokes tokens, each change with its audit entry in the same transaction.
 * Users manage their own tokens; admins see and revoke everybody's. A token cannot create tokens:
 * a leaked one must not be able to mint others that outlive its revocation.
 */
@Service
class TokenService {

	static final int MAX_NAME = 100;

	static final int MAX_DAYS = 3650;

	private final ApiTokens tokens;

	private final TokenVerifier verifier;

	private final AuditLog audit;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	TokenService(ApiTokens tokens, TokenVerifier verifier, AuditLog audit, Clock clock) {
		this.tokens = tokens;
		this.verifier = verifier;
		this.audit = audit;
		this.clock = clock;
	}

	/** The highest role {@code user} holds: the most a token they create may have. */
	static Role ceiling(Authentication user) {
		return Role.of(user.getAuthorities()).max(Comparator.naturalOrder()).orElseThrow(
				() -> new ApiException(ErrorCode.FORBIDDEN, "Only a user with a Lookout role can create tokens."));
	}

	static boolean isAdmin(Authentication user) {
		return Role.of(user.getAuthorities()).anyMatch((role) -> role == Role.ADMIN);
	}

	/** The roles {@code user} may give a token, lowest first. */
	static List<Role> grantable(Authentication user) {
		Optional<Role> top = Role.of(user.getAuthorities()).max(Comparator.naturalOrder());
		return top.map((ceiling) -> List.of(Role.values()).subList(0, ceiling.ordinal() + 1)).orElse(List.of());
	}

	@Transactional
	public CreatedToken create(Authentication creator, TokenRequest request) {
		if (creator instanceof TokenAuthentication) {
			throw new ApiException(ErrorCode.FORBIDDEN,
					"An API token cannot create tokens; sign in to create one (the /tokens page or POST /api/tokens).");
		}
		String name = (request.name() != null) ? request.name().strip() : "";
		if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
			throw invalid("name: give 1 to " + MAX_NAME + " characters, without control characters.");
		}
		if (request.role() == null || request.role().isBlank()) {
			throw invalid("role: give one of VIEWER, EDITOR, ADMIN.");
		}
		Role role = Role.named(request.role())
			.orElseThrow(() -> invalid("role: '" + shown(request.role()) + "' is none of VIEWER, EDITOR, ADMIN."));
		Role ceiling = ceiling(creator);
		if (role.compareTo(ceiling) > 0) {
			throw new ApiException(ErrorCode.FORBIDDEN,
					"A token's role can be at most your own (" + ceiling + "), not " + role + ".");
		}
		Instant now = this.clock.instant();
		Instant expiresAt = expiry(request, now);
		TokenFormat.Generated generated = TokenFormat.generate(this.random);
		ApiToken token = new ApiToken(generated.id(), name, creator.getName(), role, Groups.of(creator), now, expiresAt,
				null, null, null, null);
		this.tokens.insert(token, TokenFormat.hash(generated.secret()));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", name);
		details.put("role", role.name());
		details.put("expiresAt", (expiresAt != null) ? expiresAt.toString() : null);
		this.audit.record(creator.getName(), "token.create", "token", token.id(), details);
		return CreatedToken.of(token, generated.text());
	}

	/** {@code user}'s own tokens, or with {@code all} (admins only) everybody's. */
	public List<ApiToken> list(Authentication user, boolean all) {
		if (all && !isAdmin(user)) {
			throw new ApiException(ErrorCode.FORBIDDEN, "Only admins may list every user's tokens (all=true).");
		}
		return all ? this.tokens.all() : this.tokens.ownedBy(user.getName());
	}

	/** Revokes one of {@code user}'s tokens (an admin: anybody's); revoking a revoked token changes nothing. */
	@Transactional
	public void revoke(Authentication user, String id) {
		Optional<ApiTokens.Stored> found = TokenFormat.isId(id) ? this.tokens.find(id) : Optional.empty();
		if (found.isEmpty() || !(found.get().token().owner().equals(user.getName()) || isAdmin(user))) {
			// Somebody else's token is as unknown as a missing one: ids do not leak.
			throw new ApiException(ErrorCode.NOT_FOUND, "No token " + shown(id) + " of yours.");
		}
		Instant now = this.clock.instant();
		if (this.tokens.revoke(id, user.getName(), now)) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("name", found.get().token().name());
			details.put("owner", found.get().token().owner());
			this.audit.record(user.getName(), "token.revoke", "token", id, details);
		}
		// Evicted at once, and again after the commit so that no request can cache the row in between.
		this.verifier.revoked(id);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					TokenService.this.verifier.revoked(id);
				}
			});
		}
	}

	private Instant expiry(TokenRequest request, Instant now) {
		if (request.expiresInDays() != null && request.expiresAt() != null) {
			throw invalid("expiresInDays, expiresAt: give one of them, not both.");
		}
		if (request.expiresInDays() != null) {
			int days = request.expiresInDays();
			if (days < 1 || days > MAX_DAYS) {
				throw invalid("expiresInDays: give 1 to " + MAX_DAYS + ", not " + days + ".");
			}
			return now.plus(Duration.ofDays(days));
		}
		if (request.expiresAt() != null) {
			if (!request.expiresAt().isAfter(now)) {
				throw invalid("expiresAt: give a time in the future.");
			}
			if (request.expiresAt().isAfter(now.plus(Duration.ofDays(MAX_DAYS)))) {
				throw invalid("expiresAt: at most " + MAX_DAYS + " days from now.");
			}
			return request.expiresAt();
		}
		return null;
	}

	private static ApiException invalid(String detail) {
		return new ApiException(ErrorCode.VALIDATION_FAILED, detail);
	}

	/** Client text in a message: bounded, without control characters. */
	private static String shown(String text) {
		String plain = (text != null) ? text.replaceAll("\\p{Cntrl}", "?") : "";
		return (plain.length() > 40) ? plain.substring(0, 40) + "..." : plain;
	}

}
