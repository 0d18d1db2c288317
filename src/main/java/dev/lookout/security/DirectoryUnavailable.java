package dev.lookout.security;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.authentication.AuthenticationServiceException;

/** The directory could not be used to check a password: refused, timed out, or misconfigured. */
class DirectoryUnavailable extends AuthenticationServiceException {

	DirectoryUnavailable(Throwable cause) {
		super(NestedExceptionUtils.getMostSpecificCause(cause).getMessage(), cause);
	}

	DirectoryUnavailable(String message) {
		super(message);
	}

}
