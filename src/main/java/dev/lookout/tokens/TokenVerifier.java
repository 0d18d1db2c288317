package dev.lookout.tokens;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.lookout.audit.AuditLog;
import dev.lookout.redis.SharedRedis;
import dev.lookout.security.BearerToken;
import dev.lookout.security.BearerTokenRefused;
import dev.lookout.security.BearerTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Checks a presented token: its form, its id (in a cache of verified tokens, else the database),
 * its secret against the stored hash, then revocation and expiry, which are checked on every
 * request, cached or not. Hand-written because this is the token store itself; everything around
 * it (the filter, the stateless context, the CSRF exemption, the throttle) is Spring Security's or
 * the security module's.
 * <p>
 * Verified rows are kept for {@link #CACHED_FOR}, so a steady script does not make every request
 * depend on the application database. A revocation evicts the row at once on this instance and,
 * through Redis when {@code REDIS_URL} is set, on the others (without Redis, another instance
 * notices within {@link #CACHED_FOR}). A token's last use is written behind the request, at most
 * once per {@link #LAST_USE_EVERY}; a refusal is audited at most once per address per
 * {@link #REFUSALS_AUDITED_EVERY} (the rest are counted in {@code lookout.tokens.refused}).
 */
@Component
class TokenVerifier implements BearerTokens {

	static final Duration CACHED_FOR = Duration.ofSeconds(60);

	static final Duration LAST_USE_EVERY = Duration.ofMinutes(1);

	static final Duration REFUSALS_AUDITED_EVERY = Duration.ofMinutes(1);

	static final String REVOKED_CHANNEL = "lookout:tokens:revoked";

	/** Past this many addresses remembered for the audit limit, the memory is started afresh. */
	private static final int ADDRESSES_REMEMBERED = 10_000;

	private record Cached(ApiTokens.Stored stored, Instant loadedAt) {
	}

	private final ApiTokens tokens;

	private final AuditLog audit;

	private final BehindTheRequests writer;

	private final MeterRegistry meters;

	private final Clock clock;

	private final SharedRedis redis;

	private final Map<String, Cached> verified = new ConcurrentHashMap<>();

	private final Map<String, Instant> lastUseWritten = new ConcurrentHashMap<>();

	private final Map<String, Instant> refusalAudited = new ConcurrentHashMap<>();

	TokenVerifier(ApiTokens tokens, AuditLog audit, BehindTheRequests writer, MeterRegistry meters, Clock clock,
			ObjectProvider<SharedRedis> redis) {
		this.tokens = tokens;
		this.audit = audit;
		this.writer = writer;
		this.meters = meters;
		this.clock = clock;
		this.redis = redis.getIfAvailable();
		if (this.redis != null) {
			this.redis.subscribe(REVOKED_CHANNEL,
					(message) -> this.verified.remove(new String(message, StandardCharsets.US_ASCII)));
		}
	}

	@Override
	public Authentication verify(BearerToken presented) {
		Optional<TokenFormat.Parsed> parsed = TokenFormat.parse(presented.value());
		if (parsed.isEmpty()) {
			throw refused(presented, TokenFormat.idOf(presented.value()).orElse(null), "malformed");
		}
		String id = parsed.get().id();
		Instant now = this.clock.instant();
		Cached cached = this.verified.get(id);
		if (cached == null || !now.isBefore(cached.loadedAt().plus(CACHED_FOR))) {
			Optional<ApiTokens.Stored> stored = this.tokens.find(id);
			if (stored.isEmpty()) {
				this.verified.remove(id);
				throw refused(presented, id, "unknown");
			}
			cached = new Cached(stored.get(), now);
		}
		if (!TokenFormat.matches(parsed.get().secret(), cached.stored().secretHash())) {
			throw refused(presented, id, "wrong_secret");
		}
		ApiToken token = cached.stored().token();
		switch (token.state(now)) {
			case REVOKED -> throw refused(presented, id, "revoked");
			case EXPIRED -> throw refused(presented, id, "expired");
			case ACTIVE -> this.verified.put(id, cached);
		}
		used(id, presented.address(), now);
		return new TokenAuthenticationToken(token);
	}

	@Override
	public void throttled(BearerToken presented, Duration retryAfter) {
		refused(presented, TokenFormat.idOf(presented.value()).orElse(null), "throttled");
	}

	/** Forgets a revoked token here and tells the other instances to. */
	void revoked(String id) {
		this.verified.remove(id);
		if (this.redis != null) {
			this.redis.publish(REVOKED_CHANNEL, id.getBytes(StandardCharsets.US_ASCII));
		}
	}

	private void used(String id, String address, Instant now) {
		boolean[] due = { false };
		this.lastUseWritten.compute(id, (key, last) -> {
			if (last == null || !now.isBefore(last.plus(LAST_USE_EVERY))) {
				due[0] = true;
				return now;
			}
			return last;
		});
		if (due[0]) {
			this.writer.submit("the last use of token " + id, () -> this.tokens.used(id, now, address));
		}
	}

	/** Counts the refusal, audits it unless the address was audited lately, and builds the answer. */
	private BearerTokenRefused refused(BearerToken presented, String id, String reason) {
		String address = presented.address();
		Instant now = this.clock.instant();
		if (this.refusalAudited.size() > ADDRESSES_REMEMBERED) {
			this.refusalAudited.clear();
		}
		boolean[] audited = { false };
		this.refusalAudited.compute(address, (key, last) -> {
			if (last == null || !now.isBefore(last.plus(REFUSALS_AUDITED_EVERY))) {
				audited[0] = true;
				return now;
			}
			return last;
		});
		Counter.builder("lookout.tokens.refused")
			.description("API tokens refused, by reason; audited=false for those left out of the audit log")
			.tag("reason", reason)
			.tag("audited", String.valueOf(audited[0]))
			.register(this.meters)
			.increment();
		if (audited[0]) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("reason", reason);
			details.put("address", address);
			this.writer.submit("a token refusal's audit entry",
					() -> this.audit.record(now, "anonymous", "token.refused", "token", id, details));
		}
		return BearerTokenRefused.invalid(reason);
	}

}
