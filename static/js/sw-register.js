// Registers the service worker (see sw.js) once the page has loaded, so it never slows the first visit.
(function () {
  "use strict";
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !script.dataset.serviceWorker) return;
  const url = script.dataset.serviceWorker;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      // No worker means no offline page; the app itself works the same.
    });
  });
})();
