// The dashboard editor's Variables section: defines the dashboard's variables and its time
// range, saved together with PUT /api/dashboards/{slug} (which replaces both), and the values
// panel previews run with (previewValues(), read by editor.js). `page` holds the saved ones.
// A refused save names fields ("variables[0].name: ..."); each is shown next to its field.
(function () {
  "use strict";

  const element = lookoutPanels.element;
  const root = document.getElementById("variables-editor");
  const list = document.getElementById("variable-editors");
  const message = document.getElementById("variables-message");
  const previewInputs = document.getElementById("preview-values");
  const settings = document.getElementById("dashboard-settings");
  let saved = { variables: page.variables || [], timeRange: page.timeRange };
  let dirty = false;

  /** "a, b" or one per line: the non-blank items. */
  function items(text) {
    return text.split(text.includes("\n") ? "\n" : ",").map((item) => item.trim()).filter((item) => item !== "");
  }

  function labelled(caption, control, errors, key, className) {
    const error = element("span", { className: "field-error", hidden: true });
    errors[key] = error;
    return element("label", { className: className || "" }, [caption, control, error]);
  }

  function choice(value, caption) {
    return element("option", { value: String(value), textContent: caption });
  }

  function button(caption, action) {
    const node = element("button", { type: "button", textContent: caption });
    node.addEventListener("click", action);
    return node;
  }

  /** One variable's fields; {@code read()} gives its JSON, {@code errors} its error spans by field. */
  function card(variable) {
    const errors = {};
    const fields = {
      name: element("input", { name: "name", required: true, maxLength: 40, placeholder: "region" }),
      label: element("input", { name: "label", placeholder: "the name, unless given" }),
      type: element("select", { name: "type" }, [choice("list", "list"), choice("text", "text"), choice("number", "number")]),
      multi: element("input", { name: "multi", type: "checkbox" }),
      valueType: element("select", { name: "valueType" }, [choice("text", "text"), choice("number", "number")]),
      source: element("select", { name: "source" }, [choice("fixed", "fixed options"), choice("query", "an options query")]),
      options: element("textarea", { name: "options", rows: 3, placeholder: "east, west — or one per line" }),
      dataSourceId: element("select", { name: "dataSourceId" },
        page.dataSources.map((source) => choice(source.id, source.name + " (" + source.kind + ")"))),
      sql: element("textarea", { name: "sql", rows: 2, spellcheck: false, placeholder: "SELECT DISTINCT region FROM orders" }),
      refreshSeconds: element("input", { name: "refreshSeconds", type: "number", min: 1 }),
      allowOther: element("input", { name: "allowOther", type: "checkbox" }),
      defaults: element("input", { name: "default", placeholder: "comma-separated for several" }),
    };
    const v = variable || { type: "list", options: [], default: [] };
    fields.name.value = v.name || "";
    fields.label.value = v.label && v.label !== v.name ? v.label : "";
    fields.type.value = v.type || "list";
    fields.multi.checked = !!v.multi;
    fields.valueType.value = v.valueType || "text";
    fields.source.value = v.optionsQuery ? "query" : "fixed";
    fields.options.value = (v.options || []).join("\n");
    if (v.optionsQuery) {
      fields.dataSourceId.value = String(v.optionsQuery.dataSourceId);
      fields.sql.value = v.optionsQuery.sql;
    }
    fields.refreshSeconds.value = String(v.optionsQuery ? v.optionsQuery.refreshSeconds : 60);
    fields.allowOther.checked = !!v.allowOther;
    fields.defaults.value = (v.default || []).join(", ");

    const forLists = [
      labelled("Several values", fields.multi, errors, "multi", "check"),
      labelled("Values are", fields.valueType, errors, "valueType"),
      labelled("Options from", fields.source, errors, "source"),
      labelled("Options allowed besides these", fields.allowOther, errors, "allowOther", "check"),
    ];
    const fixed = [labelled("Options", fields.options, errors, "options", "wide")];
    const queried = [
      labelled("Options query: data source", fields.dataSourceId, errors, "optionsQuery.dataSourceId"),
      labelled("Read again every (seconds)", fields.refreshSeconds, errors, "optionsQuery.refreshSeconds"),
      labelled("Options query: SQL", fields.sql, errors, "optionsQuery.sql", "wide"),
    ];
    const node = element("fieldset", { className: "variable-editor" }, [
      element("div", { className: "fields" }, [
        labelled("Name (SQL :name, URL ?name=)", fields.name, errors, "name"),
        labelled("Label", fields.label, errors, "label"),
        labelled("Type", fields.type, errors, "type"),
        labelled("Default", fields.defaults, errors, "default"),
        ...forLists, ...fixed, ...queried,
      ]),
      element("div", { className: "actions" }, [button("Remove variable", () => { node.remove(); dirty = true; })]),
    ]);
    const general = element("span", { className: "field-error", hidden: true });
    errors[""] = general;
    node.append(general);

    function showFields() {
      const isList = fields.type.value === "list";
      forLists.forEach((field) => { field.hidden = !isList; });
      fixed.forEach((field) => { field.hidden = !isList || fields.source.value !== "fixed"; });
      queried.forEach((field) => { field.hidden = !isList || fields.source.value !== "query"; });
    }
    fields.type.addEventListener("change", showFields);
    fields.source.addEventListener("change", showFields);
    showFields();

    node.read = function () {
      const isList = fields.type.value === "list";
      const query = isList && fields.source.value === "query";
      const refresh = parseInt(fields.refreshSeconds.value, 10);
      return {
        name: fields.name.value.trim(),
        label: fields.label.value.trim() || null,
        type: fields.type.value,
        multi: isList && fields.multi.checked,
        valueType: isList ? fields.valueType.value : null,
        options: isList && !query ? items(fields.options.value) : [],
        optionsQuery: query ? {
          dataSourceId: parseInt(fields.dataSourceId.value, 10) || null,
          sql: fields.sql.value,
          refreshSeconds: isNaN(refresh) ? null : refresh,
        } : null,
        allowOther: isList && fields.allowOther.checked,
        default: fields.type.value === "text" && !(isList && fields.multi.checked)
          ? [fields.defaults.value] : items(fields.defaults.value),
      };
    };
    node.errors = errors;
    return node;
  }

  const range = {
    on: document.getElementById("time-range-on"),
    label: document.getElementById("time-range-label"),
    from: document.getElementById("time-range-from"),
    to: document.getElementById("time-range-to"),
    fields: document.getElementById("time-range-fields"),
  };
  const rangeErrors = {};
  ["label", "from", "to"].forEach(function (key) {
    const error = element("span", { className: "field-error", hidden: true });
    rangeErrors[key] = error;
    range[key].after(error);
  });

  function showRange() {
    range.fields.hidden = !range.on.checked;
  }

  function fillRange(timeRange) {
    range.on.checked = !!timeRange;
    range.label.value = timeRange ? timeRange.label : "Time range";
    range.from.value = timeRange ? timeRange.from : "now-1h";
    range.to.value = timeRange ? timeRange.to : "now";
    showRange();
  }

  /** Inputs for the values previews run with, one per saved variable (and from, to). */
  function fillPreviewValues() {
    const rows = saved.variables.map((variable) => element("label", {}, [variable.label + " (" + variable.name + ")",
      element("input", { name: variable.name, value: variable.default.join(", "),
        placeholder: variable.multi ? "comma-separated" : "" })]));
    if (saved.timeRange) {
      rows.push(element("label", {}, ["from", element("input", { name: "from", value: saved.timeRange.from })]));
      rows.push(element("label", {}, ["to", element("input", { name: "to", value: saved.timeRange.to })]));
    }
    previewInputs.replaceChildren(...rows);
    previewInputs.closest(".preview-values").hidden = !rows.length;
  }

  function clearErrors() {
    message.className = "message";
    message.replaceChildren();
    Array.from(list.children).forEach((node) => Object.values(node.errors).forEach((error) => { error.hidden = true; }));
    Object.values(rangeErrors).forEach((error) => { error.hidden = true; });
  }

  function showError(error, text) {
    error.hidden = false;
    error.textContent = text;
  }

  /** "Invalid values. variables[0].name: is required; timeRange.from: ...": each next to its field. */
  function showProblems(detail) {
    const unplaced = [];
    const body = detail.replace(/^Invalid values\.\s*/, "").replace(/\.$/, "");
    body.split("; ").forEach(function (part) {
      const match = /^variables\[(\d+)\](?:\.([\w.]+?))?(?:\[\d+\])?: (.*)$/s.exec(part)
        || /^timeRange\.(\w+): (.*)$/s.exec(part);
      if (match && match.length === 4 && list.children[match[1]]) {
        const errors = list.children[match[1]].errors;
        showError(errors[match[2] || ""] || errors[""], (errors[match[2] || ""] ? "" : (match[2] || "") + " ") + match[3]);
      } else if (match && match.length === 3 && rangeErrors[match[1]]) {
        showError(rangeErrors[match[1]], match[2]);
      } else {
        unplaced.push(part);
      }
    });
    return unplaced;
  }

  async function save() {
    clearErrors();
    const version = lookoutEditor.dashboardVersion();
    const title = settings.querySelector("[name=title]");
    const description = settings.querySelector("[name=description]");
    const body = {
      // The saved title and description: what is typed in the form above is saved by its own button.
      title: title.defaultValue,
      description: description.defaultValue,
      version: version,
      variables: Array.from(list.children).map((node) => node.read()),
      timeRange: range.on.checked
        ? { label: range.label.value.trim() || null, from: range.from.value.trim(), to: range.to.value.trim() } : null,
    };
    try {
      const answer = await lookout.api("PUT", page.apiBase + "/dashboards/" + encodeURIComponent(page.slug), body);
      lookoutEditor.dashboardSaved(version, answer.data.version);
      saved = { variables: answer.data.variables, timeRange: answer.data.timeRange };
      dirty = false;
      fillPreviewValues();
      message.className = "message saved";
      message.textContent = "Variables saved.";
    } catch (error) {
      message.className = "message problem";
      if (error instanceof lookout.ApiError && error.code === "EDIT_CONFLICT") {
        message.className = "message conflict";
        message.replaceChildren("Somebody else saved this dashboard since you loaded the page. Copy your edits, then ",
          button("reload", () => location.reload()), " to see theirs.");
      } else if (error instanceof lookout.ApiError && error.code === "VALIDATION_FAILED") {
        const rest = showProblems(error.message);
        message.textContent = "Not saved: see the fields marked." + (rest.length ? " " + rest.join("; ") : "");
      } else {
        message.textContent = error instanceof lookout.ApiError
          ? (error.code ? error.code + ": " : "") + error.message
          : "Cannot reach Lookout (" + error.message + "). Try again.";
      }
    }
  }

  if (!root) {
    return;
  }
  saved.variables.forEach((variable) => list.append(card(variable)));
  fillRange(saved.timeRange);
  fillPreviewValues();
  range.on.addEventListener("change", showRange);
  document.getElementById("add-variable").addEventListener("click", function () {
    const node = card(null);
    list.append(node);
    node.querySelector("input[name=name]").focus();
  });
  document.getElementById("save-variables").addEventListener("click", save);
  root.addEventListener("input", (event) => { dirty = dirty || !previewInputs.contains(event.target); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  window.lookoutVariablesEditor = {
    /** The values typed for previews, by name: lists split at commas, from and to as typed. */
    previewValues() {
      const values = {};
      previewInputs.querySelectorAll("input").forEach(function (input) {
        const variable = saved.variables.find((each) => each.name === input.name);
        values[input.name] = variable && variable.multi ? items(input.value) : [input.value.trim()];
      });
      return values;
    },
  };
})();
