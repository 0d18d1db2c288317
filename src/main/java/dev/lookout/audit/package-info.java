/**
 * The audit log: who changed what, when. Modules record their changes here; the log is
 * append-only.
 */
package dev.lookout.audit;
