/**
 * The HTTP rules: the filter chain for {@code /metrics} (a bearer token in production) and the
 * application's chain (who may reach what, sign-in, session, CSRF and headers), and the Content
 * Security Policy with its nonce per response. Internal.
 */
package dev.lookout.security.web;
