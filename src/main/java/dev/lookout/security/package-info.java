/**
 * Secrets and access, one concern per sub-package: {@code guard} refuses to start with an unsafe
 * configuration; {@code secrets} seals secrets at rest and rotates them onto the current key;
 * {@code signin} signs users in against the directory, throttled, and publishes what happened
 * ({@code signin.events}); {@code csrf} holds the CSRF contract; {@code web} holds the HTTP rules
 * (the two filter chains, the Content Security Policy with its nonce per response, the metrics
 * scrape token). This package holds what they share: the settings and the roles. Other modules
 * may use this package and the named interfaces {@code secrets}, {@code signin-events} and
 * {@code directory-check}; everything else is internal.
 */
package dev.lookout.security;
