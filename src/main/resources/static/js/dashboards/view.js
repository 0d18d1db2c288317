// The dashboard page: one rendered panel per definition in `page` (inlined by the server as
// JSON), fed by the event stream; while the stream cannot be opened, by polling, trying the
// stream again now and then. Both read the values chosen in the variable bar (variables.js):
// when they change, the page subscribes again without a reload. It first reads one panel's
// result for the new values, so that values the server refuses (400 VALIDATION_FAILED) or a
// server with too many views open (503 OVERLOADED) are said in the bar, which an EventSource
// cannot do.
(function () {
  "use strict";

  const STREAM_RETRY_MS = 30000;

  const grid = document.getElementById("panels");
  const views = new Map();
  const alertsPage = page.apiBase.replace(/\/api$/, "") + "/alerts";
  for (const panel of page.panels) {
    const view = lookoutPanels.create(panel,
      { csv: page.apiBase + "/panels/" + encodeURIComponent(panel.id) + "/result.csv", alerts: alertsPage });
    grid.append(view.element);
    views.set(panel.id, view);
  }
  const bar = lookoutVariables.create(page, document.getElementById("variables"), subscribe);
  if (!page.panels.length) {
    return;
  }

  // The alert bells: the rules of the dashboard's panels, by rule id, {panelId, name, state, since, silenced}.
  // Read at load and whenever the stream (re)connects; `alert` events update them in between.
  const rules = new Map();
  // null while the first read is under way (events are kept meanwhile), false when alerts may not be read.
  let alertsReadable = null;

  function showBells() {
    if (!alertsReadable) {
      return;
    }
    const byPanel = new Map();
    for (const rule of rules.values()) {
      if (!byPanel.has(rule.panelId)) {
        byPanel.set(rule.panelId, []);
      }
      byPanel.get(rule.panelId).push(rule);
    }
    views.forEach((view, panelId) => view.alerts(byPanel.get(panelId) || []));
  }

  async function loadAlerts() {
    const asked = Date.now();
    let answer;
    try {
      answer = await lookout.api("GET", page.apiBase + "/alerts?dashboard=" + encodeURIComponent(page.slug));
    } catch (error) {
      // 401 for an anonymous viewer of a public dashboard (alerts need a sign-in): no bells. Anything else: keep what is shown.
      if (error.status === 401 || error.status === 403) {
        rules.clear();
        views.forEach((view) => view.alerts([]));
        alertsReadable = false;
      }
      return;
    }
    const read = new Map();
    for (const rule of answer.data || []) {
      const held = rules.get(rule.id);
      // An event newer than this answer (it arrived while the request was under way) wins.
      const newer = held && held.pushedAt > asked && Date.parse(held.since) > Date.parse(rule.since);
      read.set(rule.id, newer ? held : { panelId: rule.panelId, name: rule.name, state: rule.state, since: rule.since,
        silenced: rule.silenced, pushedAt: 0 });
    }
    rules.clear();
    read.forEach((rule, id) => rules.set(id, rule));
    alertsReadable = true;
    showBells();
  }

  function alertChanged(notice) {
    if (alertsReadable === false) {
      // Not signed in: the stream carries states the page does not show.
      return;
    }
    const held = rules.get(notice.ruleId);
    rules.set(notice.ruleId, { panelId: notice.panelId, name: notice.ruleName, state: notice.state, since: notice.since,
      silenced: held ? held.silenced : false, pushedAt: Date.now() });
    showBells();
  }

  let streamOpened = false;
  loadAlerts();

  /** What went wrong, as the bar says it. */
  function describe(error, retryInSeconds) {
    if (error.code === "OVERLOADED") {
      return "Lookout is serving too many different views right now; trying again in " + retryInSeconds + " s.";
    }
    return error.message;
  }

  let current = null;

  /** Shows the panels for {@code query} ("region=east&from=now-1h"; empty for the defaults), ending the last subscription. */
  function subscribe(query, initial) {
    if (current) {
      current.stop();
    }
    // The export links follow the values shown, so a download is of the view on the screen.
    views.forEach((view) => view.values(query));
    const subscription = { stopped: false, stream: null, polling: null, timer: null, troubled: false };
    current = subscription;
    // Whatever the last subscription still delivers (a request under way) is not for these values.
    const live = (handle) => function (...args) {
      if (!subscription.stopped) {
        handle(...args);
      }
    };
    const listener = {
      result: live(function (panelId, result) {
        if (subscription.troubled) {
          subscription.troubled = false;
          bar.problem(null);
        }
        if (views.has(panelId)) {
          views.get(panelId).show(result);
        }
        if (result.status !== "pending") {
          bar.resolved(result.parameters);
        }
      }),
      trouble: live(function (panelId, error, retryInSeconds) {
        if (views.has(panelId)) {
          views.get(panelId).trouble(error, retryInSeconds);
        }
        if (error.code === "VALIDATION_FAILED" || error.code === "OVERLOADED") {
          subscription.troubled = true;
          bar.problem(describe(error, retryInSeconds));
        }
      }),
      gone: live((panelId) => views.has(panelId) && views.get(panelId).gone()),
      alert: live(alertChanged),
      connected: live(function () {
        // The page read the states at load; after that, each (re)connection may have missed transitions.
        if (streamOpened) {
          loadAlerts();
        }
        streamOpened = true;
        if (subscription.polling) {
          subscription.polling.stop();
          subscription.polling = null;
        }
      }),
    };
    subscription.stop = function () {
      subscription.stopped = true;
      clearTimeout(subscription.timer);
      if (subscription.stream) {
        subscription.stream.close();
      }
      if (subscription.polling) {
        subscription.polling.stop();
      }
    };

    function openStream() {
      if (subscription.stopped) {
        return;
      }
      subscription.stream = lookoutStream.start(page.slug, page.apiBase, listener, function () {
        if (!subscription.polling && !subscription.stopped) {
          subscription.polling = lookoutPolling.start(page.panels, page.apiBase, listener, query);
        }
        // Jittered, so that viewers refused together do not come back together.
        subscription.timer = setTimeout(openStream, STREAM_RETRY_MS * (0.5 + Math.random()));
      }, query);
    }

    /** Reads the first panel for these values, then opens the stream; the defaults need no check. */
    async function checkThenOpen() {
      if (!query) {
        openStream();
        return;
      }
      const first = page.panels[0];
      try {
        const answer = await lookout.api("GET", page.apiBase + "/panels/" + encodeURIComponent(first.id)
          + "/result?" + query);
        listener.result(first.id, answer.data);
      } catch (error) {
        if (subscription.stopped) {
          return;
        }
        if (error.code === "VALIDATION_FAILED") {
          bar.problem(error.message);
          bar.resolved(null);
          views.forEach((view) => view.loading("Not shown: the values chosen are not valid."));
          return;
        }
        if (error.code === "OVERLOADED") {
          const seconds = error.retryAfterSeconds || 10;
          bar.problem(describe(error, seconds));
          subscription.troubled = true;
          subscription.timer = setTimeout(checkThenOpen, seconds * 1000 * (1 + Math.random() * 0.5));
          return;
        }
        // Anything else (the network): the stream, and polling after it, say it per panel.
      }
      openStream();
    }

    if (!initial) {
      views.forEach((view) => view.loading());
    }
    checkThenOpen();
  }

  subscribe(bar.query(), true);
})();
