// The profile's notification buttons: subscribe this browser to Web Push and tell the server, or undo both.
// The subscribe call itself needs the browser vendor's push service; the server's side is tested on its own.
(function () {
  "use strict";
  const section = document.getElementById("push-section");
  if (!section) return;
  const key = section.dataset.pushKey;
  const status = section.querySelector("[data-push-status]");
  const on = section.querySelector("[data-push-on]");
  const off = section.querySelector("[data-push-off]");
  if (!key || !on || !off) return;

  function say(text) { status.textContent = text; }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("This browser cannot show notifications from websites.");
    return;
  }

  function keyBytes(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  function post(url, body) {
    const csrf = section.querySelector("input[name=csrfmiddlewaretoken]").value;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    }).then((response) => {
      if (!response.ok) throw new Error("The server said " + response.status);
      return response.json();
    });
  }

  function show(subscription) {
    on.hidden = Boolean(subscription);
    off.hidden = !subscription;
    if (Notification.permission === "denied") {
      say("Notifications are blocked for this site in your browser's settings.");
      on.hidden = true;
    } else {
      say(subscription ? "This device gets notifications." : "This device gets no notifications yet.");
    }
  }

  navigator.serviceWorker.ready.then((registration) => {
    registration.pushManager.getSubscription().then(show);

    on.addEventListener("click", () => {
      on.disabled = true;
      Notification.requestPermission()
        .then((permission) => {
          if (permission !== "granted") throw new Error("Notifications were not allowed.");
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
        })
        .then((subscription) => post(section.dataset.pushSubscribe, subscription.toJSON()))
        .then(() => window.location.reload())
        .catch((error) => { say(error.message); on.disabled = false; });
    });

    off.addEventListener("click", () => {
      off.disabled = true;
      registration.pushManager.getSubscription()
        .then((subscription) => {
          if (!subscription) return null;
          const endpoint = subscription.endpoint;
          return subscription.unsubscribe().then(() => post(section.dataset.pushUnsubscribe, { endpoint: endpoint }));
        })
        .then(() => window.location.reload())
        .catch((error) => { say(error.message); off.disabled = false; });
    });
  });
})();
