/**
 * Secrets and access: the startup guard that refuses to run with weak secrets, the cipher that
 * protects secrets at rest, the key rotation that moves every stored secret onto the current key
 * (through {@link dev.lookout.security.SealedValues}, implemented by the modules that store
 * them), sign-in, and the HTTP security rules, headers included (the Content Security Policy with
 * its nonce per response).
 */
package dev.lookout.security;
