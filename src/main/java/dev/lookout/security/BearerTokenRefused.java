package dev.lookout.security;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.core.AuthenticationException;

/**
 * An API token refused: invalid (one answer for every cause, so that a client learns nothing of
 * which part was wrong; {@link #reason()} is for the audit log and metrics), or not checked at all
 * because the client's address failed too often ({@link #retryAfter()}).
 */
public final class BearerTokenRefused extends AuthenticationException {

	/** What every invalid token is told. */
	public static final String INVALID = "The API token is not valid: it is malformed, unknown, expired or revoked.";

	private final String reason;

	private final Duration retryAfter;

	private BearerTokenRefused(String message, String reason, Duration retryAfter) {
		super(message);
		this.reason = reason;
		this.retryAfter = retryAfter;
	}

	/** @param reason why, for the audit log only: {@code malformed}, {@code unknown}, {@code wrong_secret}, ... */
	public static BearerTokenRefused invalid(String reason) {
		return new BearerTokenRefused(INVALID, reason, null);
	}

	public static BearerTokenRefused throttled(Duration retryAfter) {
		return new BearerTokenRefused("Too many invalid API tokens from this address; try again later.", "throttled",
				retryAfter);
	}

	public String reason() {
		return this.reason;
	}

	/** Present when the address is throttled: the client should wait this long. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
