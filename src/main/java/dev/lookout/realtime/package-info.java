/**
 * Realtime sync: pushes each new panel result to the viewers of its dashboard over server-sent
 * events ({@code GET /api/stream}), fanned out across instances through Redis pub/sub when
 * {@code REDIS_URL} is set, with resume, heartbeats, a connection cap and bounded per-client queues.
 */
package dev.lookout.realtime;
