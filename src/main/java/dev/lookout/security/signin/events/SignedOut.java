package dev.lookout.security.signin.events;

/**
 * Published when a signed-in user signed out (an expired session is not a sign-out).
 *
 * @param username who
 * @param address the client's address as the server saw it
 */
public record SignedOut(String username, String address) {
}
