/**
 * Sign-in: users are found and proven in the LDAP directory (the embedded demo directory in
 * development), their groups mapped to roles, password guessing throttled, and every outcome
 * answered, counted and published ({@code signin.events}). Internal, except the health module's
 * {@link dev.lookout.security.signin.DirectoryCheck} (named interface {@code directory-check}).
 */
package dev.lookout.security.signin;
