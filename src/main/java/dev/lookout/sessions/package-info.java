/**
 * Shared sessions: with {@code REDIS_URL} set, sessions (and so the CSRF tokens kept in them)
 * live in Redis through Spring Session, so every instance accepts every signed-in request, read
 * from copies Redis keeps true and written only when changed; a Redis outage signs users out
 * instead of failing requests. Without Redis, the container keeps them.
 */
package dev.lookout.sessions;
