// The rule form's dependent fields (the server renders them; this only saves clicks): the fields
// the chosen condition type does not use are hidden and disabled, so they are neither checked nor
// sent; choosing another dashboard or panel posts the form with `choose`, and the server answers
// it again, as typed, with that one's panels, variables and columns.
(function () {
  "use strict";
  const form = document.getElementById("rule-form");
  if (!form) {
    return;
  }
  const type = form.elements.namedItem("type");

  function showTheTypesFields() {
    form.querySelectorAll("[data-types]").forEach(function (group) {
      const used = group.dataset.types.split(" ").includes(type.value);
      group.hidden = !used;
      group.querySelectorAll("input, select").forEach(function (control) {
        control.disabled = !used;
      });
    });
  }

  function chooseAgain() {
    // Every typed value travels, the hidden ones too, so that none is lost.
    form.querySelectorAll("[data-types] input, [data-types] select").forEach(function (control) {
      control.disabled = false;
    });
    const choose = document.createElement("input");
    choose.type = "hidden";
    choose.name = "choose";
    choose.value = "panel";
    form.appendChild(choose);
    form.submit();
  }

  type.addEventListener("change", showTheTypesFields);
  ["dashboard", "panelId"].forEach(function (name) {
    form.elements.namedItem(name).addEventListener("change", chooseAgain);
  });
  // Gone rather than hidden: as the form's first submit button it would take the Enter key from "Save".
  document.getElementById("choose-panel").parentElement.remove();
  showTheTypesFields();
})();
