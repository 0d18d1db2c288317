// Renders panel results: a table, a line or bar chart (ECharts), or a stat. Knows nothing of
// how results arrive, so the page can switch from polling to server-sent events without
// touching it. Everything that comes from a query is written with textContent, never as HTML.
(function () {
  "use strict";

  const AGE_TICK_MS = 5000;
  const ageLabels = new Set();

  /** An element with properties (not attributes, so values are never parsed as markup) and children. */
  function element(tag, properties, children) {
    const node = document.createElement(tag);
    Object.assign(node, properties || {});
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function text(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function formatAge(milliseconds) {
    const seconds = Math.max(0, Math.round(milliseconds / 1000));
    if (seconds < 90) {
      return seconds + " s";
    }
    const minutes = Math.round(seconds / 60);
    if (minutes < 90) {
      return minutes + " min";
    }
    const hours = Math.round(minutes / 60);
    return hours < 36 ? hours + " h" : Math.round(hours / 24) + " d";
  }

  function formatTime(iso) {
    const date = new Date(iso);
    return isNaN(date) ? text(iso) : date.toLocaleTimeString();
  }

  /** A label that keeps saying how long ago {@code iso} was while it stays in the page. */
  function ageLabel(iso) {
    const label = element("span", { className: "age" });
    label.dataset.since = iso;
    label.textContent = formatAge(Date.now() - Date.parse(iso));
    ageLabels.add(label);
    return label;
  }

  setInterval(function () {
    for (const label of ageLabels) {
      if (!label.isConnected) {
        ageLabels.delete(label);
      } else {
        label.textContent = formatAge(Date.now() - Date.parse(label.dataset.since));
      }
    }
  }, AGE_TICK_MS);

  /** Rows as an HTML table; {@code limit} caps the rows shown. */
  function renderTable(columns, rows, limit) {
    const numeric = columns.map((column) => column.kind === "number");
    const head = element("tr", {}, columns.map((column, i) =>
      element("th", { textContent: column.name, title: text(column.sqlType), className: numeric[i] ? "number" : "" })));
    const body = rows.slice(0, limit === undefined ? rows.length : limit).map((row) =>
      element("tr", {}, row.map((value, i) => element("td", {
        textContent: value === null ? "null" : text(value),
        className: value === null ? "null" : numeric[i] ? "number" : "",
      }))));
    return element("div", { className: "table-scroll" }, [
      element("table", { className: "rows" }, [element("thead", {}, [head]), element("tbody", {}, body)]),
    ]);
  }

  /** A column the panel's options name but the result lacks: shown as the panel's problem, not thrown away. */
  class MissingColumn extends Error {
  }

  function columnIndex(columns, name, role) {
    const index = columns.findIndex((column) => column.name === name);
    if (index < 0) {
      throw new MissingColumn("The " + role + " column '" + text(name) + "' is not in the result; its columns are: "
        + columns.map((column) => column.name).join(", ") + ".");
    }
    return index;
  }

  function chartOption(panel, result) {
    const columns = result.columns;
    const x = columnIndex(columns, panel.options.xColumn, "x");
    const ys = panel.options.yColumns.map((name) => columnIndex(columns, name, "y"));
    const kind = columns[x].kind;
    const axis = kind === "timestamp" || kind === "date" ? "time" : kind === "number" ? "value" : "category";
    const categories = axis === "category";
    return {
      animation: false,
      grid: { left: 8, right: 16, top: ys.length > 1 ? 32 : 16, bottom: 8, containLabel: true },
      // richText draws the tooltip on the canvas: column names and values never become HTML.
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { show: ys.length > 1, top: 0 },
      xAxis: categories
        ? { type: "category", data: result.rows.map((row) => text(row[x])) }
        : { type: axis, scale: axis === "value" },
      yAxis: { type: "value", name: text(panel.options.unit), scale: panel.visualization === "line" },
      series: ys.map((y) => ({
        name: columns[y].name,
        type: panel.visualization,
        showSymbol: false,
        data: result.rows.map((row) => (categories ? row[y] : [row[x], row[y]])),
      })),
    };
  }

  function formatStat(value) {
    if (value === null || value === undefined) {
      return "–";
    }
    return typeof value === "number" ? value.toLocaleString() : text(value);
  }

  /** Worst first: the bell shows the worst state of a panel's rules. */
  const ALERT_SEVERITY = { FIRING: 4, PENDING: 3, ERROR: 2, NO_DATA: 1, OK: 0 };

  const ALERT_WORDS = { FIRING: "firing", PENDING: "pending", ERROR: "error", NO_DATA: "no data", OK: "OK" };

  /**
   * A panel on the page: {@code element} to insert, then {@code show(result)} for every result,
   * {@code trouble(error, retryInSeconds)} when results cannot be fetched, {@code gone()} when
   * the panel no longer exists, {@code loading()} while waiting for results for other values,
   * {@code values(query)} when the values shown change. {@code options.csv} is the URL of the
   * panel's CSV export, without a query: the header then has a download link to it, which
   * {@code values(query)} keeps on the view shown. {@code options.alerts} is the URL of the alerts
   * page: {@code alerts(rules)} then shows a bell linking to it with the worst state of the
   * panel's rules ({@code [{name, state, silenced}]}; none: no bell).
   */
  function create(panel, options) {
    const body = element("div", { className: "panel-body" });
    const banner = element("div", { className: "stale", hidden: true, role: "status" });
    const trouble = element("div", { className: "trouble", hidden: true, role: "status" });
    const footer = element("div", { className: "panel-meta" });
    const csv = options && options.csv;
    const exportLink = csv ? element("a", {
      className: "export", textContent: "CSV", href: csv, download: "",
      title: "Download the data shown as CSV",
    }) : null;
    const bell = element("a", { className: "bell", hidden: true, href: (options && options.alerts) || "" },
      [element("span", { className: "bell-icon", textContent: "\u{1F514}" }), element("span", { className: "bell-mark" })]);
    const actions = element("div", { className: "panel-actions" }, [bell].concat(exportLink ? [exportLink] : []));
    const header = element("header", { className: "panel-head" },
      [element("h2", { textContent: panel.title }), actions]);
    const root = element("article", { className: "panel panel-" + panel.visualization }, [
      header, banner, trouble, body, footer,
    ]);
    let chart = null;

    body.append(element("p", { className: "placeholder", textContent: "Loading…" }));

    function replaceBody(content) {
      if (chart) {
        chart.dispose();
        chart = null;
      }
      body.replaceChildren(content);
    }

    function showChart(result) {
      const option = chartOption(panel, result);
      if (!chart) {
        const canvas = element("div", { className: "chart" });
        replaceBody(canvas);
        chart = echarts.init(canvas);
      }
      chart.setOption(option, { notMerge: true });
    }

    function showStat(result) {
      const index = columnIndex(result.columns, panel.options.valueColumn, "value");
      const value = result.rows.length ? result.rows[0][index] : null;
      const children = [element("span", { className: "value", textContent: formatStat(value) })];
      if (panel.options.unit) {
        children.push(element("span", { className: "unit", textContent: panel.options.unit }));
      }
      replaceBody(element("p", { className: "stat" }, children));
    }

    function showResult(result) {
      try {
        if (panel.visualization === "line" || panel.visualization === "bar") {
          showChart(result);
        } else if (panel.visualization === "stat") {
          showStat(result);
        } else {
          replaceBody(renderTable(result.columns, result.rows));
        }
      } catch (error) {
        if (!(error instanceof MissingColumn)) {
          throw error;
        }
        replaceBody(element("p", { className: "problem", textContent: error.message }));
      }
    }

    function showStale(result) {
      banner.hidden = !result.stale;
      if (!result.stale) {
        return;
      }
      const parts = ["Stale: this data is ", ageLabel(result.asOf), " old"];
      if (result.staleReason) {
        parts.push(" (" + result.staleReason + ")");
      }
      parts.push(".");
      if (result.lastError) {
        parts.push(" Last error: " + text(result.lastError.message));
      }
      banner.replaceChildren(...parts);
    }

    function showFooter(result) {
      const parts = ["As of " + formatTime(result.asOf) + " (", ageLabel(result.asOf), " ago) · "
        + result.durationMs + " ms · " + result.rowCount + (result.rowCount === 1 ? " row" : " rows")];
      if (result.truncated) {
        parts.push(" · cut at the row limit of " + result.rowLimit);
      }
      footer.replaceChildren(...parts);
    }

    function resize() {
      if (chart) {
        chart.resize();
      }
    }

    window.addEventListener("resize", resize);

    return {
      element: root,

      show(result) {
        trouble.hidden = true;
        if (result.status === "pending") {
          banner.hidden = true;
          footer.replaceChildren();
          replaceBody(element("p", { className: "placeholder", textContent: "First refresh pending…" }));
          return;
        }
        showStale(result);
        showResult(result);
        showFooter(result);
      },

      /** Waiting for a first result, after the values it is read with changed; {@code note} instead of "Loading…". */
      loading(note) {
        banner.hidden = true;
        trouble.hidden = true;
        footer.replaceChildren();
        replaceBody(element("p", { className: "placeholder", textContent: note || "Loading…" }));
      },

      trouble(error, retryInSeconds) {
        trouble.hidden = false;
        trouble.textContent = "Cannot load this panel (" + text(error.message) + "); retrying in "
          + retryInSeconds + " s.";
      },

      /** The values shown changed to {@code query} ("region=east&from=now-1h"; empty for the defaults). */
      values(query) {
        if (exportLink) {
          exportLink.href = csv + (query ? "?" + query : "");
        }
      },

      /** The panel's alert rules and where they stand, {@code [{name, state, silenced}]}; none hides the bell. */
      alerts(rules) {
        if (!rules || !rules.length || !(options && options.alerts)) {
          bell.hidden = true;
          return;
        }
        const worst = rules.reduce((found, rule) =>
          (ALERT_SEVERITY[rule.state] || 0) > (ALERT_SEVERITY[found] || 0) ? rule.state : found, "OK");
        bell.className = "bell bell-" + String(worst).toLowerCase();
        bell.dataset.state = worst;
        bell.lastChild.textContent = worst === "ERROR" || worst === "NO_DATA" ? "!" : "";
        const lines = rules.map((rule) => text(rule.name) + ": " + (ALERT_WORDS[rule.state] || text(rule.state))
          + (rule.silenced ? " (silenced)" : ""));
        bell.title = "Alerts: " + (ALERT_WORDS[worst] || worst) + "\n" + lines.join("\n");
        bell.setAttribute("aria-label", "Alert rules of this panel: " + lines.join("; "));
        bell.hidden = false;
      },

      gone() {
        replaceBody(element("p", { className: "placeholder", textContent: "No data." }));
        trouble.hidden = false;
        trouble.textContent = "This panel no longer exists. Reload the page.";
      },
    };
  }

  window.lookoutPanels = { create: create, renderTable: renderTable, element: element };
})();
