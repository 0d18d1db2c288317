package dev.lookout.tokens;

import java.time.Instant;

/**
 * A token to create: {@code name} (1 to 100 characters), {@code role} (at most the creator's),
 * and optionally when it expires, either {@code expiresInDays} from now or {@code expiresAt};
 * without either it never expires.
 */
record TokenRequest(String name, String role, Integer expiresInDays, Instant expiresAt) {

}
