/**
 * API tokens: {@code Authorization: Bearer lk_<id>_<secret>} for scripts and other programs. A
 * token has a name, a role no higher than its creator's, its owner's directory groups as they
 * were when it was created, an optional expiry, its last use, and can be revoked; its secret is
 * shown once and stored only as a hash. This module owns the tokens (table {@code api_token}),
 * their API ({@code /api/tokens}) and page ({@code /tokens}), and checks a presented token for
 * the security module ({@code security.BearerTokens}), which decides where tokens are accepted,
 * exempts them from CSRF and throttles failures. Verified tokens are kept in memory for a minute,
 * so the API does not depend on the application database for every request; a revocation evicts
 * them at once here and, through Redis, on the other instances.
 */
package dev.lookout.tokens;
