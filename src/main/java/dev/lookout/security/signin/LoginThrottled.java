package dev.lookout.security.signin;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** A sign-in refused without asking the directory, because too many failed recently. */
class LoginThrottled extends AuthenticationException {

	private final Duration retryAfter;

	/**
	 * @param scope what is locked, completing "too many failed sign-ins ..."
	 */
	LoginThrottled(String scope, Duration retryAfter) {
		super("Too many failed sign-ins " + scope + "; try again in " + inWords(retryAfter) + ".");
		this.retryAfter = retryAfter;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

	/** "45 seconds", "3 minutes": rounded up, so that trying at the time said works. */
	private static String inWords(Duration wait) {
		long seconds = Math.max(1, wait.toSeconds() + ((wait.toNanosPart() > 0) ? 1 : 0));
		if (seconds < 60) {
			return seconds + ((seconds == 1) ? " second" : " seconds");
		}
		long minutes = (seconds + 59) / 60;
		return minutes + ((minutes == 1) ? " minute" : " minutes");
	}

}
