/**
 * Secrets at rest: the cipher (AES-256-GCM under a key derived from {@code SECRET_KEY} by HKDF),
 * and the key rotation that seals every stored value again with the current key through
 * {@link dev.lookout.security.secrets.SealedValues}, implemented by the modules that store them.
 * A named interface: other modules seal, open and offer their values for rotation here.
 */
@NamedInterface("secrets")
package dev.lookout.security.secrets;

import org.springframework.modulith.NamedInterface;
