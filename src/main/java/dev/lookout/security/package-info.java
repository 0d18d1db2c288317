/**
 * Secrets and access: the startup guard that refuses to run with weak secrets, the keyring
 * and cipher that protect secrets at rest, and the HTTP security rules.
 */
package dev.lookout.security;
