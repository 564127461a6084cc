// Toren: the intake form. The form works without this file; it only
// stops Enter in a one-line field from submitting the whole form halfway
// through a phone call: Enter moves to the next field instead. htmx does
// the rest (new person rows, radar hits while typing, saving the draft).
"use strict";
(function () {
  // held reports whether the key event is an Enter in a one-line field of
  // the intake form.
  function held(event) {
    var field = event.target;
    if (event.key !== "Enter" || event.isComposing || !(field instanceof HTMLInputElement)) {
      return false;
    }
    if (!field.form || !field.form.hasAttribute("data-intake")) {
      return false;
    }
    return !/^(submit|button|checkbox|radio)$/.test(field.type);
  }

  function nextField(field) {
    var fields = Array.prototype.filter.call(field.form.elements, function (el) {
      return /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName) && el.tabIndex >= 0 && !el.disabled &&
        el.type !== "hidden" && el.offsetParent !== null;
    });
    return fields[fields.indexOf(field) + 1];
  }

  document.addEventListener("keydown", function (event) {
    if (!held(event)) {
      return;
    }
    event.preventDefault();
    var next = nextField(event.target);
    if (next) {
      next.focus();
    }
  });
  // A draft saved after the report was registered would outlive it: once
  // the form is sent, no more saving while typing.
  document.addEventListener("submit", function (event) {
    var autosave = event.target.querySelector("[data-autosave]");
    if (event.target.hasAttribute("data-intake") && autosave) {
      autosave.remove();
    }
  });
  // Some input methods deliver Enter as a keypress only; it would submit.
  document.addEventListener("keypress", function (event) {
    if (held(event)) {
      event.preventDefault();
    }
  });
})();
