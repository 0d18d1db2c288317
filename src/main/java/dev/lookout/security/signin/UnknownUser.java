package dev.lookout.security.signin;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * The directory knows no such user. A {@link BadCredentialsException} with the same message as a
 * wrong password, so that the answer and the throttle treat both alike; only the audit log tells
 * them apart.
 */
class UnknownUser extends BadCredentialsException {

	UnknownUser() {
		super("Bad credentials");
	}

}
