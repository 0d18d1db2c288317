// The dashboard editor's panels: add, edit, preview, remove and reorder them through the JSON
// API. `page` (inlined by the server as JSON) holds the panels and the choices for their
// fields. Every save sends the version it loaded; a 409 says somebody else saved first. A
// preview runs with the values variables-editor.js offers (the saved variables' defaults unless
// changed there). window.lookoutEditor shares the dashboard's version with variables-editor.js.
(function () {
  "use strict";

  const element = lookoutPanels.element;
  const PREVIEW_ROWS = 20;
  const NEW_PANEL_REFRESH_SECONDS = 30;
  const list = document.getElementById("panel-editors");
  const cards = new Map();
  const states = new WeakMap();
  let dashboardVersion = page.version;
  let cardCount = 0;

  function describe(error) {
    if (error instanceof lookout.ApiError) {
      return (error.code ? error.code + ": " : "") + error.message;
    }
    return "Cannot reach Lookout (" + error.message + "). Try again.";
  }

  function labelled(caption, control, className) {
    return element("label", { className: className || "" }, [caption, control]);
  }

  function choice(value, caption) {
    return element("option", { value: String(value), textContent: caption });
  }

  function columnList(value) {
    return value.split(",").map((name) => name.trim()).filter((name) => name !== "");
  }

  /** The version inputs of the dashboard's own forms follow a reorder only if they were current. */
  function dashboardSaved(before, after) {
    dashboardVersion = after;
    document.querySelectorAll("#dashboard-settings input[name=version], #delete-dashboard input[name=version]")
      .forEach(function (input) {
        if (input.value === String(before)) {
          input.value = String(after);
        }
      });
  }

  /** The values a preview runs with: those chosen in the variables section, else the defaults. */
  function previewValues() {
    if (window.lookoutVariablesEditor) {
      return lookoutVariablesEditor.previewValues();
    }
    const values = {};
    (page.variables || []).forEach((variable) => { values[variable.name] = variable.default; });
    return values;
  }

  function shownParameters(parameters) {
    return Object.keys(parameters || {}).map((name) => name + " = " + parameters[name].join(", ")).join("; ");
  }

  function card(panel) {
    cardCount += 1;
    const state = { id: panel ? panel.id : null, version: panel ? panel.version : null, dirty: false };
    const columns = element("datalist", { id: "panel-columns-" + cardCount });
    const fields = {
      title: element("input", { name: "title", required: true, maxLength: 200 }),
      dataSourceId: element("select", { name: "dataSourceId", required: true },
        page.dataSources.map((source) => choice(source.id, source.name + " (" + source.kind + ")"))),
      visualization: element("select", { name: "visualization" },
        page.visualizations.map((visualization) => choice(visualization, visualization))),
      refreshSeconds: element("input", {
        name: "refreshSeconds", type: "number", required: true, min: page.minRefreshSeconds, max: page.maxRefreshSeconds,
      }),
      xColumn: element("input", { name: "xColumn" }),
      yColumns: element("input", { name: "yColumns", placeholder: "one or more, comma-separated" }),
      valueColumn: element("input", { name: "valueColumn" }),
      unit: element("input", { name: "unit", maxLength: 32 }),
      sql: element("textarea", { name: "sql", rows: 6, required: true, spellcheck: false }),
    };
    [fields.xColumn, fields.yColumns, fields.valueColumn].forEach((input) => input.setAttribute("list", columns.id));

    fields.title.value = panel ? panel.title : "";
    fields.dataSourceId.value = panel ? String(panel.dataSourceId) : fields.dataSourceId.value;
    fields.visualization.value = panel ? panel.visualization : "table";
    fields.refreshSeconds.value = String(panel ? panel.refreshSeconds : NEW_PANEL_REFRESH_SECONDS);
    fields.sql.value = panel ? panel.sql : "";
    fields.xColumn.value = panel && panel.options.xColumn ? panel.options.xColumn : "";
    fields.yColumns.value = panel ? panel.options.yColumns.join(", ") : "";
    fields.valueColumn.value = panel && panel.options.valueColumn ? panel.options.valueColumn : "";
    fields.unit.value = panel && panel.options.unit ? panel.options.unit : "";

    const heading = element("h3", { textContent: panel ? panel.title : "New panel" });
    const message = element("p", { className: "message", role: "status" });
    const preview = element("div", { className: "preview" });
    const chartOptions = [
      labelled("X column", fields.xColumn, "option"),
      labelled("Y columns", fields.yColumns, "option"),
    ];
    const statOptions = [labelled("Value column", fields.valueColumn, "option")];
    const unitOption = labelled("Unit", fields.unit, "option");

    function button(caption, action, type) {
      const node = element("button", { type: type || "button", textContent: caption });
      if (action) {
        node.addEventListener("click", action);
      }
      return node;
    }

    const form = element("form", { className: "panel-editor" }, [
      element("header", {}, [heading, element("span", { className: "tools" }, [
        button("↑", () => move(-1)), button("↓", () => move(1)), button("Remove", remove),
      ])]),
      element("div", { className: "fields" }, [
        labelled("Title", fields.title),
        labelled("Data source", fields.dataSourceId),
        labelled("Visualization", fields.visualization),
        labelled("Refresh every (seconds)", fields.refreshSeconds),
        ...chartOptions, ...statOptions, unitOption,
        labelled("SQL", fields.sql, "sql"),
      ]),
      columns,
      element("div", { className: "actions" }, [button("Preview", runPreview), button("Save panel", null, "submit")]),
      message,
      preview,
    ]);

    function showOptions() {
      const visualization = fields.visualization.value;
      const chart = visualization === "line" || visualization === "bar";
      chartOptions.forEach((option) => { option.hidden = !chart; });
      statOptions.forEach((option) => { option.hidden = visualization !== "stat"; });
      unitOption.hidden = visualization === "table";
    }

    function say(text, className) {
      message.className = "message " + (className || "");
      message.replaceChildren(text);
    }

    function failed(error) {
      if (error instanceof lookout.ApiError && error.code === "EDIT_CONFLICT") {
        message.className = "message conflict";
        message.replaceChildren("Somebody else saved a change here since you loaded the page. Copy your edits, then ",
          button("reload", () => location.reload()), " to see theirs.");
      } else {
        say(describe(error), "problem");
      }
    }

    function definition() {
      const refresh = parseInt(fields.refreshSeconds.value, 10);
      const dataSourceId = parseInt(fields.dataSourceId.value, 10);
      return {
        title: fields.title.value,
        dataSourceId: isNaN(dataSourceId) ? null : dataSourceId,
        sql: fields.sql.value,
        visualization: fields.visualization.value,
        refreshSeconds: isNaN(refresh) ? null : refresh,
        options: {
          xColumn: fields.xColumn.value,
          yColumns: columnList(fields.yColumns.value),
          valueColumn: fields.valueColumn.value,
          unit: fields.unit.value,
        },
      };
    }

    async function save(event) {
      event.preventDefault();
      const body = definition();
      try {
        let answer;
        if (state.id === null) {
          answer = await lookout.api("POST", page.apiBase + "/dashboards/" + encodeURIComponent(page.slug) + "/panels", body);
          cards.set(answer.data.id, form);
        } else {
          body.version = state.version;
          answer = await lookout.api("PUT", page.apiBase + "/panels/" + state.id, body);
        }
        state.id = answer.data.id;
        state.version = answer.data.version;
        state.dirty = false;
        heading.textContent = answer.data.title;
        say("Saved.", "saved");
      } catch (error) {
        failed(error);
      }
    }

    async function remove() {
      if (state.id !== null) {
        if (!confirm("Remove the panel '" + fields.title.value + "'?")) {
          return;
        }
        try {
          await lookout.api("DELETE", page.apiBase + "/panels/" + state.id + "?version=" + state.version);
          cards.delete(state.id);
        } catch (error) {
          failed(error);
          return;
        }
      }
      form.remove();
    }

    async function move(step) {
      if (state.id === null) {
        say("Save the panel before moving it.");
        return;
      }
      const order = Array.from(list.children).map((node) => states.get(node).id).filter((id) => id !== null);
      const from = order.indexOf(state.id);
      const to = from + step;
      if (to < 0 || to >= order.length) {
        return;
      }
      order.splice(to, 0, order.splice(from, 1)[0]);
      try {
        const answer = await lookout.api("PUT", page.apiBase + "/dashboards/" + encodeURIComponent(page.slug)
          + "/panel-order", { version: dashboardVersion, panelIds: order });
        dashboardSaved(dashboardVersion, answer.data.version);
        const unsaved = Array.from(list.children).filter((node) => states.get(node).id === null);
        answer.data.panels.forEach((saved) => list.append(cards.get(saved.id)));
        unsaved.forEach((node) => list.append(node));
      } catch (error) {
        failed(error);
      }
    }

    async function runPreview() {
      preview.replaceChildren(element("p", { className: "placeholder", textContent: "Running…" }));
      const body = definition();
      try {
        const result = (await lookout.api("POST", page.apiBase + "/dashboards/" + encodeURIComponent(page.slug)
          + "/preview", { dataSourceId: body.dataSourceId, sql: body.sql, values: previewValues() })).data;
        columns.replaceChildren(...result.columns.map((column) => element("option", { value: column.name })));
        let note = result.rows.length > PREVIEW_ROWS
          ? "The first " + PREVIEW_ROWS + " of " + result.rows.length + " rows."
          : result.rows.length + (result.rows.length === 1 ? " row." : " rows.");
        if (result.truncated) {
          note += " The query returned more: cut at the row limit of " + result.rowLimit + ".";
        }
        const bound = shownParameters(result.parameters);
        if (bound) {
          note += " Read with " + bound + ".";
        }
        preview.replaceChildren(element("p", { className: "meta", textContent: note }),
          lookoutPanels.renderTable(result.columns, result.rows, PREVIEW_ROWS));
      } catch (error) {
        preview.replaceChildren(element("p", { className: "problem", textContent: describe(error) }));
      }
    }

    states.set(form, state);
    form.addEventListener("submit", save);
    form.addEventListener("input", () => { state.dirty = true; });
    fields.visualization.addEventListener("change", showOptions);
    showOptions();
    if (state.id !== null) {
      cards.set(state.id, form);
    }
    return form;
  }

  window.lookoutEditor = { dashboardVersion: () => dashboardVersion, dashboardSaved: dashboardSaved };

  page.panels.forEach((panel) => list.append(card(panel)));

  document.getElementById("add-panel").addEventListener("click", function () {
    const form = card(null);
    list.append(form);
    form.querySelector("input[name=title]").focus();
  });

  document.getElementById("delete-dashboard").addEventListener("submit", function (event) {
    if (!confirm("Delete this dashboard and all its panels?")) {
      event.preventDefault();
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (Array.from(list.children).some((node) => states.get(node).dirty)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
