/**
 * The CSRF contract: where a token is accepted (header or form field, never the query string),
 * the token endpoint for API clients, and what a request without a valid token gets, refused or,
 * with {@code CSRF_MODE=report}, let through and flagged. Internal.
 */
package dev.lookout.security.csrf;
