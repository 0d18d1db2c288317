// The dashboard page: one rendered panel per definition in `page` (inlined by the server as
// JSON), fed by the event stream; while the stream cannot be opened, by polling, trying the
// stream again now and then.
(function () {
  "use strict";

  const STREAM_RETRY_MS = 30000;

  const grid = document.getElementById("panels");
  const views = new Map();
  for (const panel of page.panels) {
    const view = lookoutPanels.create(panel);
    grid.append(view.element);
    views.set(panel.id, view);
  }
  if (!page.panels.length) {
    return;
  }

  let polling = null;

  const listener = {
    result: (panelId, result) => views.has(panelId) && views.get(panelId).show(result),
    trouble: (panelId, error, retryInSeconds) => views.has(panelId) && views.get(panelId).trouble(error, retryInSeconds),
    gone: (panelId) => views.has(panelId) && views.get(panelId).gone(),
    connected: function () {
      if (polling) {
        polling.stop();
        polling = null;
      }
    },
  };

  function openStream() {
    lookoutStream.start(page.slug, page.apiBase, listener, function () {
      if (!polling) {
        polling = lookoutPolling.start(page.panels, page.apiBase, listener);
      }
      // Jittered, so that viewers refused together do not come back together.
      setTimeout(openStream, STREAM_RETRY_MS * (0.5 + Math.random()));
    });
  }

  openStream();
})();
