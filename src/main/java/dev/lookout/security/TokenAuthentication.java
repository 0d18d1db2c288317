package dev.lookout.security;

/**
 * An authentication made from an API token rather than a sign-in: the chain puts its id into the
 * request's log lines ({@code token=<id>} in the logging context), never its secret.
 */
public interface TokenAuthentication {

	/** The logging context's key for the token's id. */
	String MDC_KEY = "token";

	/** The token's public id. */
	String tokenId();

}
