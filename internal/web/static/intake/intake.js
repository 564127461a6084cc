// Toren: the intake form. The form works without this file; it only
// stops Enter in a one-line field from submitting the whole form halfway
// through a phone call (Enter then moves to the next field, as in a
// paper-like form). htmx does the rest: new person rows, radar hits while
// typing, and saving the draft.
"use strict";
document.addEventListener("keydown", function (event) {
  var field = event.target;
  if (event.key !== "Enter" || event.isComposing || !(field instanceof HTMLInputElement)) {
    return;
  }
  if (!field.form || !field.form.hasAttribute("data-intake")) {
    return;
  }
  if (field.type === "submit" || field.type === "button" || field.type === "checkbox" || field.type === "radio") {
    return;
  }
  event.preventDefault();
  var fields = Array.prototype.filter.call(field.form.elements, function (el) {
    return el.tabIndex >= 0 && !el.disabled && el.type !== "hidden" && el.offsetParent !== null;
  });
  var next = fields[fields.indexOf(field) + 1];
  if (next) {
    next.focus();
  }
});
