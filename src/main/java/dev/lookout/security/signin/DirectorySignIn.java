package dev.lookout.security.signin;

import dev.lookout.resilience.Breakers;
import dev.lookout.resilience.CircuitOpen;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Signs in against the directory, with the {@link SignInThrottle} in front: a locked user name
 * or address is refused before the directory is asked, and only a wrong name or password
 * counts as a failure (an unreachable directory or a user without a Lookout role says nothing
 * about guessing). The directory's breaker counts the outages only, and while it is open
 * sign-ins are refused at once instead of each waiting out the LDAP timeouts. An unknown user
 * becomes {@link UnknownUser}, answered like a wrong password. A directory that
 * cannot be used becomes {@link DirectoryUnavailable}:
 * Spring's form filter logs its own {@link InternalAuthenticationServiceException} at ERROR
 * with a stack trace, too loud for a directory restart, which {@link LoginOutcomes} reports in
 * one line.
 */
final class DirectorySignIn implements AuthenticationProvider {

	private final SignInThrottle throttle;

	private final AuthenticationProvider directory;

	private final Breakers breakers;

	DirectorySignIn(SignInThrottle throttle, AuthenticationProvider directory, Breakers breakers) {
		this.throttle = throttle;
		this.directory = directory;
		this.breakers = breakers;
	}

	@Override
	public Authentication authenticate(Authentication attempt) {
		String address = addressOf(attempt);
		this.throttle.check(attempt.getName(), address);
		try {
			// A wrong password is the directory answering: only DirectoryUnavailable counts.
			Authentication authenticated = this.breakers.call(Breakers.DIRECTORY, "The directory",
					() -> bind(attempt));
			this.throttle.succeeded(attempt.getName());
			return authenticated;
		}
		catch (BadCredentialsException ex) {
			this.throttle.failed(attempt.getName(), address);
			throw ex;
		}
		catch (UsernameNotFoundException ex) {
			// The provider reports it (for the audit log); the client must not learn it.
			this.throttle.failed(attempt.getName(), address);
			throw new UnknownUser();
		}
		catch (CircuitOpen ex) {
			throw new DirectoryUnavailable(ex);
		}
	}

	private Authentication bind(Authentication attempt) {
		try {
			return this.directory.authenticate(attempt);
		}
		catch (InternalAuthenticationServiceException ex) {
			throw new DirectoryUnavailable(ex);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.directory.supports(authentication);
	}

	/**
	 * The form login fills in the request's details; anything else shares one bucket. The address
	 * is the client's, behind trusted proxies too: the web module's filter has resolved it.
	 */
	private static String addressOf(Authentication attempt) {
		return (attempt.getDetails() instanceof WebAuthenticationDetails details && details.getRemoteAddress() != null)
				? details.getRemoteAddress() : "unknown";
	}

}
