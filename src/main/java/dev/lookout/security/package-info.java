/**
 * Secrets and access: the startup guard that refuses to run with weak secrets, the keyring
 * and cipher that protect secrets at rest, and the HTTP security rules, headers included (the
 * Content Security Policy with its nonce per response).
 */
package dev.lookout.security;
