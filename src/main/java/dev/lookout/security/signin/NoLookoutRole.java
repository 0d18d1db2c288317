package dev.lookout.security.signin;

import org.springframework.security.authentication.AccountStatusException;

/** The password was right, but none of the user's groups gives a Lookout role. */
class NoLookoutRole extends AccountStatusException {

	NoLookoutRole(String username) {
		super("User " + username + " is in no group that LDAP_ROLE_MAP maps to a role");
	}

}
