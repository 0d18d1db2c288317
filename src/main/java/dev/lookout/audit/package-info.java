/**
 * The audit log: who changed what, when, and who signed in, failed to, signed out or reloaded
 * the runtime. Feature modules record their changes here in their own transaction; sign-ins,
 * sign-outs and reloads arrive as events of the security and runtime modules and are written
 * off the request's thread. Admins read it at {@code GET /api/audit} and {@code /admin/audit}.
 * The log is append-only.
 */
package dev.lookout.audit;
