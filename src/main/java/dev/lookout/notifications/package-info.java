/**
 * Notifications: channels (a webhook with its HMAC-SHA256 secret sealed at rest, or e-mail through
 * SMTP), their API ({@code /api/alert-channels}) and the admins' page ({@code /alerts/channels}),
 * and the delivery of each alert transition ({@code alerts.AlertTransitioned}) to the channels its
 * rule names. A transition is written to the outbox ({@code notification_outbox}) in the
 * transaction that stored it, one row per channel with the idempotency key (rule, transition); one
 * delivery worker per instance claims due rows with a conditional UPDATE only one instance can win,
 * delivers outside any transaction through the channel's own breaker, and marks the row delivered
 * or schedules its retry (exponential backoff with full jitter). A restart loses nothing; a claim
 * whose instance died expires and is delivered again, so a channel receives a transition at least
 * once and deduplicates by the key. It never runs on a refresh thread. Only the development demo
 * depends on this module, for the channel its alert rule notifies
 * ({@link dev.lookout.notifications.DevelopmentChannel}).
 */
package dev.lookout.notifications;
