package dev.lookout.security.signin.events;

import java.util.Locale;

/**
 * Published when a sign-in was refused, whatever the reason. Never carries the password.
 *
 * @param username what the client typed as its user name, stripped and cut to {@link #MAX_NAME}
 * characters; {@code null} when it sent none
 * @param reason why, as a stable word
 * @param address the client's address as the server saw it
 */
public record SignInFailed(String username, Reason reason, String address) {

	/** Longer names are no real user's: anything beyond is a client sending junk. */
	public static final int MAX_NAME = 255;

	public SignInFailed {
		if (username != null) {
			username = username.strip();
			username = (username.length() > MAX_NAME) ? username.substring(0, MAX_NAME) : username;
		}
	}

	/** Why a sign-in was refused. The word is stable: audit filters and alerts match on it. */
	public enum Reason {

		/** The user exists but the password is wrong. */
		WRONG_PASSWORD,

		/** The directory knows no such user (the client is told the same as for a wrong password). */
		UNKNOWN_USER,

		/** The right password, but no group that gives a Lookout role. */
		NO_ROLE,

		/** Refused before the directory was asked: too many recent failures for the name or address. */
		THROTTLED,

		/** The directory could not be asked: down, too slow, misconfigured, or its breaker open. */
		DIRECTORY_UNAVAILABLE,

		/** Refused by the directory for another reason (an account locked or disabled there). */
		REFUSED;

		public String word() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
