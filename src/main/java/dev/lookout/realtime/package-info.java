/**
 * Realtime: pushes each new panel result to the browsers viewing its dashboard, as server-sent
 * events on {@code GET /api/stream?dashboard={slug}} ({@link dev.lookout.realtime.StreamController}).
 * It owns the SSE wire format ({@link dev.lookout.realtime.SseFormat}: ids, {@code event:},
 * {@code data:}, {@code retry:}, heartbeats), the resume protocol (an event id names every panel
 * version the client holds, so any instance can answer a {@code Last-Event-ID};
 * {@link dev.lookout.realtime.EventIds}), the registry of open streams with its connection cap,
 * counts and shutdown ({@link dev.lookout.realtime.OpenStreams}), each stream's bounded,
 * non-blocking queue ({@link dev.lookout.realtime.EventStream}), and the fan-out: locally on one
 * thread from {@code refresh}'s {@code PanelRefreshed} ({@link dev.lookout.realtime.RealtimeSync}),
 * and with {@code REDIS_URL} across instances through Redis pub/sub
 * ({@link dev.lookout.realtime.RedisFanOut}), which carries notices, never results: receivers read
 * those from the shared cache. Alert rules' new states ({@code alerts}' {@code AlertTransitioned},
 * after their commit) go to the streams of their dashboard as {@code alert} events, across
 * instances on Redis channel {@code lookout:alert-changed}. It reads results through {@code refresh}'s {@code PanelResults},
 * registers its thread with {@code lifecycle} for shutdown, reload and the watchdog
 * ({@code Supervised}); no other module calls into it.
 */
package dev.lookout.realtime;
