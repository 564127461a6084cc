// Toren: warn before the session ends for lack of activity, and let the
// user stay signed in (WCAG 2.2.1 Timing Adjustable).
//
// The layout renders <dialog id="sessie"> for a signed-in user with
// data-expires-in (seconds until the session ends if nothing happens),
// data-warn-before (how early to warn), data-idle (the idle limit) and
// data-csrf. WARN seconds before the end the dialog opens with the button
// "Ingelogd blijven", which posts to /sessie/verlengen: the server records
// the activity and answers the new expiresIn. When the time is up the
// dialog says so and links to the sign-in page. Escape counts as "stay":
// the user is at the keyboard.
//
// Other tabs of the same browser share the session: every page load and
// every extension tells the other tabs (BroadcastChannel), so a tab that
// sat still does not warn while the user works in another.
//
// No inline script anywhere: the Content-Security-Policy forbids it.
(function () {
  "use strict";

  var dialog = document.getElementById("sessie");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var warnBefore = Number(dialog.dataset.warnBefore) * 1000;
  var idle = Number(dialog.dataset.idle) * 1000;
  var deadline = Date.now() + Number(dialog.dataset.expiresIn) * 1000;
  var expired = false;
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("toren-sessie") : null;

  var warning = dialog.querySelector('[data-state="warning"]');
  var ended = dialog.querySelector('[data-state="expired"]');
  var remaining = dialog.querySelector("[data-remaining]");
  var stay = dialog.querySelector('[data-action="stay"]');
  var signIn = dialog.querySelector('[data-action="signin"]');
  signIn.href = "/inloggen?terug=" + encodeURIComponent(location.pathname + location.search);

  // Minutes in words, rounded up; updated only when the number changes,
  // so a screen reader is not flooded.
  function inWords(ms) {
    if (ms < 60000) {
      return "minder dan een minuut";
    }
    var m = Math.ceil(ms / 60000);
    return m === 1 ? "1 minuut" : m + " minuten";
  }

  function setDeadline(expiresInMs, tell) {
    deadline = Date.now() + expiresInMs;
    if (tell && channel) {
      channel.postMessage({ expiresIn: expiresInMs });
    }
    tick();
  }

  function showExpired() {
    expired = true;
    warning.hidden = true;
    ended.hidden = false;
    dialog.setAttribute("aria-labelledby", "sessie-verlopen-titel");
    dialog.setAttribute("aria-describedby", "sessie-verlopen-tekst");
    if (!dialog.open) {
      dialog.showModal();
    }
    signIn.focus();
  }

  function tick() {
    if (expired) {
      return;
    }
    var left = deadline - Date.now();
    if (left <= 0) {
      showExpired();
      return;
    }
    if (left > warnBefore) {
      if (dialog.open) {
        dialog.close();
      }
      return;
    }
    var words = inWords(left);
    if (remaining.textContent !== words) {
      remaining.textContent = words;
    }
    if (!dialog.open) {
      dialog.showModal();
      stay.focus();
    }
  }

  function extend() {
    if (expired) {
      return;
    }
    stay.disabled = true;
    fetch("/sessie/verlengen", {
      method: "POST",
      headers: { "X-CSRF-Token": dialog.dataset.csrf, Accept: "application/json" },
      credentials: "same-origin",
      redirect: "manual",
    })
      .then(function (resp) {
        if (!resp.ok) {
          // A redirect to the sign-in page or a refusal: the session is gone.
          throw new Error("status " + resp.status);
        }
        return resp.json();
      })
      .then(function (body) {
        setDeadline(Number(body.expiresIn) * 1000, true);
      })
      .catch(function () {
        showExpired();
      })
      .finally(function () {
        stay.disabled = false;
      });
  }

  stay.addEventListener("click", extend);
  // Escape: before the end it means "stay"; after it, it closes the
  // notice so the user can still read or copy what is on the page.
  dialog.addEventListener("cancel", function (ev) {
    if (!expired) {
      ev.preventDefault();
      extend();
    }
  });
  if (channel) {
    channel.addEventListener("message", function (ev) {
      if (ev.data && typeof ev.data.expiresIn === "number") {
        setDeadline(ev.data.expiresIn, false);
      }
    });
    channel.postMessage({ expiresIn: deadline - Date.now() });
  }
  // A request htmx makes also counts as activity on the server. The server
  // records activity with a small delay (a thirtieth of the limit), so
  // count from a little earlier to be safe.
  document.body.addEventListener("htmx:afterRequest", function (ev) {
    if (ev.detail && ev.detail.successful) {
      setDeadline(idle - idle / 30, true);
    }
  });
  setInterval(tick, 1000);
  tick();
})();
