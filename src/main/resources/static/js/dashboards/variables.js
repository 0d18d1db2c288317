// The dashboard page's variable bar: one control per variable of `page` and a time-range
// picker, and the values they hold kept in the page's URL (/d/shop?region=east&from=now-1h).
// Only values that differ from a default are in the URL, so a page opened without a query shows
// the defaults. A change applies at once: the URL gets a new history entry (pushState) and
// onChange(query) is called with the query string for the API (the same as the URL's); back and
// forward restore the controls and call onChange again. Knows nothing of panels or streams.
(function () {
  "use strict";

  const element = lookoutPanels.element;

  const QUICK_RANGES = [
    ["now-5m", "now", "Last 5 minutes"],
    ["now-15m", "now", "Last 15 minutes"],
    ["now-30m", "now", "Last 30 minutes"],
    ["now-1h", "now", "Last 1 hour"],
    ["now-6h", "now", "Last 6 hours"],
    ["now-24h", "now", "Last 24 hours"],
    ["now-7d", "now", "Last 7 days"],
    ["today", "now", "Today"],
    ["this week", "now", "This week"],
  ];
  const CUSTOM = "custom";

  function sameValues(a, b) {
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }

  /** The values in {@code search} for each name; a name absent there takes its default. */
  function stateFrom(search, defaults) {
    const params = new URLSearchParams(search);
    const state = {};
    for (const name of Object.keys(defaults)) {
      const given = params.getAll(name);
      state[name] = given.length ? given : defaults[name].slice();
    }
    return state;
  }

  /** The query string of the values that differ from their defaults, in a stable order. */
  function queryOf(state, defaults) {
    const params = new URLSearchParams();
    for (const name of Object.keys(defaults)) {
      if (!sameValues(state[name], defaults[name])) {
        state[name].forEach((value) => params.append(name, value));
      }
    }
    return params.toString();
  }

  /** A time as the page's zone shows it: "09:30", with the date when it is not today. */
  function timeFormatter(zone) {
    const options = { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    const dayOptions = { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" };
    let time;
    let day;
    try {
      time = new Intl.DateTimeFormat("en-GB", options);
      day = new Intl.DateTimeFormat("en-CA", dayOptions);
    } catch (error) {
      time = new Intl.DateTimeFormat("en-GB", Object.assign(options, { timeZone: "UTC" }));
      day = new Intl.DateTimeFormat("en-CA", Object.assign(dayOptions, { timeZone: "UTC" }));
    }
    return function (from, to) {
      const today = day.format(new Date());
      const fromDay = day.format(from);
      const toDay = day.format(to);
      const start = (fromDay === today && toDay === today ? "" : fromDay + " ") + time.format(from);
      const end = (toDay === fromDay ? "" : toDay + " ") + time.format(to);
      return start + "–" + end;
    };
  }

  /**
   * Builds the bar into {@code form} (hidden when the dashboard has neither variables nor a time
   * range). Returns {query(), problem(text), resolved(parameters)}.
   */
  function create(page, form, onChange) {
    const variables = page.variables || [];
    const range = page.timeRange;
    const defaults = {};
    variables.forEach((variable) => { defaults[variable.name] = variable.default.slice(); });
    if (range) {
      defaults.from = [range.from];
      defaults.to = [range.to];
    }
    let state = stateFrom(location.search, defaults);
    let applied = queryOf(state, defaults);
    const controls = [];
    const message = element("p", { className: "bar-problem problem", role: "alert", hidden: true });
    const resolvedLine = element("p", { className: "resolved meta", role: "status" });
    const format = timeFormatter(page.timeZone);

    if (!variables.length && !range) {
      form.hidden = true;
      return { query: () => "", problem: () => {}, resolved: () => {} };
    }

    function problem(text) {
      message.hidden = !text;
      message.textContent = text || "";
    }

    /** The controls' values into {@code state}; false (and a message) when one cannot be applied. */
    function read() {
      const next = {};
      for (const control of controls) {
        const values = control.read();
        if (values === null) {
          return false;
        }
        Object.assign(next, values);
      }
      state = Object.assign({}, state, next);
      return true;
    }

    function apply() {
      if (!read()) {
        return;
      }
      const query = queryOf(state, defaults);
      if (query === applied) {
        return;
      }
      applied = query;
      if (query !== location.search.replace(/^\?/, "")) {
        history.pushState({ lookoutQuery: query }, "", location.pathname + (query ? "?" + query : ""));
      }
      problem(null);
      onChange(query);
    }

    function listControl(variable) {
      const id = "variable-" + variable.name;
      let options = [];
      if (variable.multi) {
        const summary = element("summary", { id: id });
        const choices = element("div", { className: "choices" });
        const other = variable.allowOther ? element("input", { name: variable.name + "-other",
          placeholder: "other values, comma-separated", className: "other" }) : null;
        const details = element("details", { className: "multi" }, [summary, choices]);
        const show = function () {
          const chosen = state[variable.name];
          const shown = options.concat(chosen.filter((value) => !options.includes(value) && !variable.allowOther));
          choices.replaceChildren(...shown.map((value) => {
            const box = element("input", { type: "checkbox", value: value, checked: chosen.includes(value) });
            box.name = variable.name;
            return element("label", {}, [box, " " + value]);
          }));
          if (other) {
            other.value = chosen.filter((value) => !options.includes(value)).join(", ");
          }
          summary.textContent = chosen.join(", ");
        };
        return {
          element: element("div", { className: "variable" }, [
            element("span", { className: "caption", textContent: variable.label }), details]
            .concat(other ? [other] : [])),
          name: variable.name,
          setOptions(list) { options = list; show(); },
          show: show,
          read() {
            const values = Array.from(choices.querySelectorAll("input:checked")).map((box) => box.value);
            if (other) {
              other.value.split(",").map((value) => value.trim())
                .filter((value) => value !== "" && !values.includes(value)).forEach((value) => values.push(value));
            }
            if (!values.length) {
              problem("Choose at least one value for " + variable.label + ".");
              return null;
            }
            return { [variable.name]: values };
          },
        };
      }
      const select = element("select", { id: id, name: variable.name });
      const other = variable.allowOther ? element("input", { name: variable.name + "-other",
        placeholder: "or another value", className: "other" }) : null;
      const show = function () {
        const chosen = state[variable.name][0];
        const shown = options.includes(chosen) || variable.allowOther ? options : options.concat([chosen]);
        select.replaceChildren(...shown.map((value) => element("option", { value: value, textContent: value })));
        select.value = shown.includes(chosen) ? chosen : "";
        if (other) {
          other.value = shown.includes(chosen) ? "" : chosen;
        }
      };
      if (other) {
        select.addEventListener("change", () => { other.value = ""; });
      }
      return {
        element: element("label", { className: "variable", htmlFor: id }, [variable.label, select]
          .concat(other ? [other] : [])),
        name: variable.name,
        setOptions(list) { options = list; show(); },
        show: show,
        read() {
          const typed = other ? other.value.trim() : "";
          return { [variable.name]: [typed !== "" ? typed : select.value] };
        },
      };
    }

    function inputControl(variable) {
      const input = element("input", { id: "variable-" + variable.name, name: variable.name,
        type: variable.type === "number" ? "number" : "text" });
      if (variable.type === "number") {
        input.step = "any";
      }
      return {
        element: element("label", { className: "variable", htmlFor: input.id }, [variable.label, input]),
        name: variable.name,
        show() { input.value = state[variable.name][0] || ""; },
        read() { return { [variable.name]: [input.value.trim()] }; },
      };
    }

    function rangeControl() {
      const quick = element("select", { id: "time-range", name: "range" },
        QUICK_RANGES.map(([from, to, caption]) => element("option", { value: from + "|" + to, textContent: caption }))
          .concat([element("option", { value: CUSTOM, textContent: "Custom" })]));
      const from = element("input", { name: "from", className: "time", placeholder: "now-1h, today, 2026-12-01…" });
      const to = element("input", { name: "to", className: "time", placeholder: "now" });
      quick.addEventListener("change", function () {
        if (quick.value !== CUSTOM) {
          [from.value, to.value] = quick.value.split("|");
        }
      });
      return {
        element: element("div", { className: "variable time-range" }, [
          element("label", { htmlFor: quick.id }, [range.label]),
          element("div", { className: "range-inputs" }, [quick,
            element("label", {}, ["from", from]), element("label", {}, ["to", to]),
            element("span", { className: "hint", textContent: "Times in " + page.timeZone }),
          ]),
        ]),
        name: "from",
        show() {
          from.value = state.from[0];
          to.value = state.to[0];
          const value = state.from[0] + "|" + state.to[0];
          quick.value = QUICK_RANGES.some(([f, t]) => f + "|" + t === value) ? value : CUSTOM;
        },
        read() {
          if (from.value.trim() === "" || to.value.trim() === "") {
            problem("The time range needs a from and a to.");
            return null;
          }
          return { from: [from.value.trim()], to: [to.value.trim()] };
        },
      };
    }

    async function loadOptions(variable, control) {
      control.setOptions(variable.options || []);
      try {
        const url = page.apiBase + "/dashboards/" + encodeURIComponent(page.slug) + "/variables/"
          + encodeURIComponent(variable.name) + "/options";
        control.setOptions((await lookout.api("GET", url)).data.options);
      } catch (error) {
        problem("Cannot read the options of " + variable.label + " (" + error.message + ").");
      }
    }

    for (const variable of variables) {
      const control = variable.type === "list" ? listControl(variable) : inputControl(variable);
      controls.push(control);
      if (variable.type === "list") {
        loadOptions(variable, control);
      }
    }
    if (range) {
      controls.push(rangeControl());
    }
    form.replaceChildren(element("div", { className: "controls" }, controls.map((control) => control.element)),
      resolvedLine, message);
    form.hidden = false;
    controls.forEach((control) => control.show());

    // Applied as soon as a choice changes; a typed value when its field is left or Enter pressed.
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    window.addEventListener("popstate", function () {
      state = stateFrom(location.search, defaults);
      controls.forEach((control) => control.show());
      problem(null);
      resolvedLine.textContent = "";
      applied = queryOf(state, defaults);
      onChange(applied);
    });

    return {
      query: () => queryOf(state, defaults),
      problem: problem,
      /** Shows the range a result was read for, from its resolved parameters; null forgets it. */
      resolved(parameters) {
        if (!parameters) {
          resolvedLine.textContent = "";
        }
        if (!range || !parameters || !parameters.from || !parameters.to) {
          return;
        }
        const from = new Date(parameters.from[0]);
        const to = new Date(parameters.to[0]);
        if (!isNaN(from) && !isNaN(to)) {
          resolvedLine.textContent = "Showing " + format(from, to) + " " + page.timeZone;
        }
      },
    };
  }

  window.lookoutVariables = { create: create };
})();
