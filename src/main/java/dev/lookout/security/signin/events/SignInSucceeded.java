package dev.lookout.security.signin.events;

import java.util.List;

/**
 * Published when someone signed in: for the audit log, which listens so that this module need
 * not know it.
 *
 * @param username the name the directory knows the user by
 * @param address the client's address as the server saw it
 * @param roles the Lookout roles the sign-in gave, lowest first
 */
public record SignInSucceeded(String username, String address, List<String> roles) {
}
