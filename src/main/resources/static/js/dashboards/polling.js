// Fetches panel results by polling GET /api/panels/{id}/result?{query} with If-None-Match, and
// hands them to a listener: {result(panelId, result), trouble(panelId, error, retryInSeconds),
// gone(panelId)}. `query` holds the variables' values, as the stream's. The transport only: the
// page uses it while the event stream (stream.js) fails. start() returns {stop()}.
(function () {
  "use strict";

  const PENDING_DELAY_MS = 2000;
  const MIN_DELAY_MS = 2000;
  const MAX_DELAY_MS = 30000;
  const MAX_BACKOFF_MS = 60000;

  /** {@code milliseconds} spread by ± {@code spread}, so that viewers opened together drift apart. */
  function jittered(milliseconds, spread) {
    return milliseconds * (1 - spread + Math.random() * 2 * spread);
  }

  function retryAfterMs(response) {
    const seconds = parseInt(response.headers.get("Retry-After") || "", 10);
    return isNaN(seconds) ? null : seconds * 1000;
  }

  /** After a failure: never sooner than the server's Retry-After, otherwise exponential; both jittered. */
  function backoffMs(failures, retryAfterSeconds) {
    if (retryAfterSeconds) {
      return retryAfterSeconds * 1000 * (1 + Math.random() * 0.5);
    }
    const ceiling = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, failures));
    return ceiling / 2 + Math.random() * ceiling / 2;
  }

  /** Results change at most once per refresh; polling twice as often halves the delay to see one. */
  function steadyDelayMs(panel) {
    return Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, panel.refreshSeconds * 1000 / 2));
  }

  function start(panels, apiBase, listener, query) {
    const paused = new Set();
    let stopped = false;

    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) {
        const resumed = Array.from(paused);
        paused.clear();
        resumed.forEach((poll) => poll());
      }
    });

    panels.forEach(function (panel) {
      const url = apiBase + "/panels/" + encodeURIComponent(panel.id) + "/result" + (query ? "?" + query : "");
      let etag = null;
      let pending = true;
      let failures = 0;

      function schedule(delayMs) {
        if (!stopped) {
          setTimeout(poll, delayMs);
        }
      }

      async function poll() {
        if (stopped) {
          return;
        }
        // A hidden tab makes no requests; it catches up when shown again.
        if (document.hidden) {
          paused.add(poll);
          return;
        }
        try {
          const answer = await lookout.api("GET", url, undefined, { headers: etag ? { "If-None-Match": etag } : {} });
          failures = 0;
          if (answer.status !== 304) {
            etag = answer.response.headers.get("ETag");
            pending = answer.data.status === "pending";
            listener.result(panel.id, answer.data);
          }
          const asked = retryAfterMs(answer.response);
          schedule(asked !== null ? asked : jittered(pending ? PENDING_DELAY_MS : steadyDelayMs(panel), 0.1));
        } catch (error) {
          if (error instanceof lookout.ApiError && error.status === 404) {
            listener.gone(panel.id);
            return;
          }
          failures += 1;
          const delay = backoffMs(failures, error instanceof lookout.ApiError ? error.retryAfterSeconds : null);
          listener.trouble(panel.id, error, Math.round(delay / 1000));
          schedule(delay);
        }
      }

      // Spread the first requests a little rather than sending them all at once.
      schedule(Math.random() * 250);
    });
    return { stop: () => { stopped = true; paused.clear(); } };
  }

  window.lookoutPolling = { start: start };
})();
