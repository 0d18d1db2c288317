// The dashboard page: one rendered panel per definition in `page` (inlined by the server as
// JSON), fed by the polling transport.
(function () {
  "use strict";

  const grid = document.getElementById("panels");
  const views = new Map();
  for (const panel of page.panels) {
    const view = lookoutPanels.create(panel);
    grid.append(view.element);
    views.set(panel.id, view);
  }

  lookoutPolling.start(page.panels, page.apiBase, {
    result: (panelId, result) => views.get(panelId).show(result),
    trouble: (panelId, error, retryInSeconds) => views.get(panelId).trouble(error, retryInSeconds),
    gone: (panelId) => views.get(panelId).gone(),
  });
})();
