/**
 * Secrets and access: the startup guard that refuses to run with weak secrets, the keyring
 * and cipher that protect secrets at rest, the key rotation that moves every stored secret onto
 * the current key (through {@link dev.lookout.security.SealedValues}, implemented by the modules
 * that store them), and the HTTP security rules.
 */
package dev.lookout.security;
