// Receives panel results pushed by the server over GET /api/stream?dashboard={slug}&{query}
// (server-sent events; the query holds the variables' values and the results are for that view)
// and hands them to the same listener as polling.js: {result(panelId, result)}; alert rules'
// new states go to listener.alert({ruleId, panelId, state, since, value, ruleName}). The browser's
// EventSource reconnects by itself after a network error or when the server ends the stream
// (shutdown, reload), waiting the server's retry hint and sending the Last-Event-ID, so only
// what changed meanwhile is sent again. start() returns {close()}; onFailure() is called
// once when the stream cannot be opened (an error status such as 503 OVERLOADED, or no
// EventSource), so the page can poll instead.
(function () {
  "use strict";

  /** {@code query}: the values chosen ("region=east&from=now-1h"), empty for the defaults. */
  function start(slug, apiBase, listener, onFailure, query) {
    const values = query ? "?" + query : "";
    if (!window.EventSource) {
      onFailure();
      return { close: function () {} };
    }
    const source = new EventSource(apiBase + "/stream?dashboard=" + encodeURIComponent(slug)
      + (query ? "&" + query : ""));
    let failed = false;

    source.addEventListener("result", function (event) {
      const result = JSON.parse(event.data);
      listener.result(result.panelId, result);
    });
    // A result above the server's size cap: read it like polling does.
    source.addEventListener("refetch", async function (event) {
      const notice = JSON.parse(event.data);
      try {
        const answer = await lookout.api("GET", apiBase + "/panels/" + encodeURIComponent(notice.panelId)
          + "/result" + values);
        listener.result(notice.panelId, answer.data);
      } catch (error) {
        listener.trouble(notice.panelId, error, 0);
      }
    });
    // An alert rule of the dashboard changed state (no id: the page reads the states again on reconnect).
    source.addEventListener("alert", function (event) {
      if (listener.alert) {
        listener.alert(JSON.parse(event.data));
      }
    });
    source.addEventListener("open", function () {
      listener.connected();
    });
    source.addEventListener("error", function () {
      // CONNECTING: the browser retries by itself. CLOSED: it gave up (an error status).
      if (source.readyState === EventSource.CLOSED && !failed) {
        failed = true;
        onFailure();
      }
    });
    return { close: function () { source.close(); } };
  }

  window.lookoutStream = { start: start };
})();
