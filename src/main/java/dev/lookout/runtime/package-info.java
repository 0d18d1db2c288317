/**
 * The admin runtime page and API: the instance's state, its pools, breakers, workers, the
 * watchdog's actions, the shutdown registry with its last shutdown and reload reports, the last
 * key rotation (whether {@code SECRET_KEY_PREVIOUS} can be removed), and the controlled reload
 * ({@code POST /api/admin/runtime/reload}, or the page's button).
 */
package dev.lookout.runtime;
