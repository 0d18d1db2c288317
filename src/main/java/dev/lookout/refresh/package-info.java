/**
 * Refresh: keeps every panel's result fresh and serves it to every viewer without touching the
 * data source. It owns when each panel runs ({@code RefreshSchedule}: pure, clock-driven, no
 * threads), which instance runs it (leases in Redis, all of a round's panels claimed in one
 * command the round does not wait for), running it ({@code PanelRefresher}: query, result
 * document serialized once, cache, {@link dev.lookout.refresh.PanelRefreshed} notice, metrics),
 * the threads that do so ({@code RefreshWorkers}: restarts and the heartbeat the watchdog reads),
 * the result cache (Redis with an in-memory copy, or memory alone) and
 * {@code GET /api/panels/{id}/result} (and its CSV export, {@code result.csv}, made from the stored
 * document through the same read). {@link dev.lookout.refresh.CacheUpdater} coordinates the
 * parts and is what other modules hold (health, watchdog, runtime); realtime reads results
 * through {@link dev.lookout.refresh.PanelResults}. It learns of panel edits from
 * {@code PanelChanged} and reads definitions from dashboards, and runs queries through datasource.
 */
package dev.lookout.refresh;
